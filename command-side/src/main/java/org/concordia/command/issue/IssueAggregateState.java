package org.concordia.command.issue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;

/**
 * What the Issue aggregate remembers of its events, and nothing else: the {@code @EventSourcingHandler}s only assign
 * fields. The rules live in {@link Issue}, which extends this (Axon finds handlers in both).
 */
abstract class IssueAggregateState {

    enum ProposalState { OPEN, ADOPTED, REJECTED, SUPERSEDED }

    record Link(String relatedIssueId, LinkRelation relation) {
    }

    @AggregateIdentifier
    String issueId;
    String collaborationId;
    IssueType type;
    String title;
    String description;
    IssueCategory category;
    Set<String> involvedParties;
    Set<String> restrictedToTiers = Set.of();
    String raiser;
    /** Who owns the issue; null until it is first assigned. */
    String owner;
    IssueStatus status;
    Severity severity;
    TierSnapshot tier;
    /** 0 when raised, +1 on every escalation or reopening: pins SLA deadlines to one stay at a tier. */
    int epoch;
    final Set<String> usedIds = new HashSet<>();
    final Set<Link> links = new HashSet<>();
    final Map<String, ProposalState> proposals = new HashMap<>();
    final Map<String, String> proposers = new HashMap<>();
    /** The ballot on the open proposal; null when no proposal is open. */
    OpenBallot ballot;
    String adoptedProposer;
    /** Declared conflicts of interest: username → reason. */
    final Map<String, String> declaredConflicts = new LinkedHashMap<>();
    final Map<String, CapaAction> actions = new LinkedHashMap<>();
    boolean rootCauseRecorded;
    boolean impactAssessed;
    boolean effectivenessCheckPlanned;
    /** The latest effectiveness check found the actions effective, and none was added since. */
    boolean effectivenessVerified;
    boolean seriousBreachFlagged;
    boolean seriousBreachReported;

    @EventSourcingHandler
    void on(IssueRaised event) {
        issueId = event.issueId();
        collaborationId = event.collaborationId();
        type = event.type();
        title = event.title();
        description = event.description();
        category = event.category();
        involvedParties = Set.copyOf(event.involvedParties());
        restrictedToTiers = Set.copyOf(event.restrictedToTiers());
        raiser = event.actor().username();
        severity = event.severity();
        tier = event.tier();
        status = IssueStatus.OPEN;
        epoch = 0;
    }

    @EventSourcingHandler
    void on(IssueAcknowledged event) {
        status = IssueStatus.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(CommentAdded event) {
        usedIds.add(event.commentId());
    }

    @EventSourcingHandler
    void on(EvidenceAttached event) {
        usedIds.add(event.evidenceId());
    }

    @EventSourcingHandler
    void on(SeverityChanged event) {
        severity = event.severity();
    }

    @EventSourcingHandler
    void on(IssueLinked event) {
        links.add(new Link(event.relatedIssueId(), event.relation()));
    }

    @EventSourcingHandler
    void on(IssueDetailsCorrected event) {
        title = event.corrected().title();
        description = event.corrected().description();
        category = event.corrected().category();
        involvedParties = Set.copyOf(event.corrected().involvedParties());
    }

    @EventSourcingHandler
    void on(ConflictOfInterestDeclared event) {
        declaredConflicts.put(event.actor().username(), event.reason());
    }

    @EventSourcingHandler
    void on(ProposalSuperseded event) {
        proposals.put(event.proposalId(), ProposalState.SUPERSEDED);
        ballot = null;
    }

    @EventSourcingHandler
    void on(IssueEscalated event) {
        if (event.supersededProposalId() != null) {
            proposals.put(event.supersededProposalId(), ProposalState.SUPERSEDED);
            ballot = null;
        }
        tier = event.to();
        status = IssueStatus.OPEN;
        epoch++;
    }

    @EventSourcingHandler
    void on(ResolutionProposed event) {
        usedIds.add(event.proposalId());
        proposals.put(event.proposalId(), ProposalState.OPEN);
        proposers.put(event.proposalId(), event.actor().username());
        // a proposal made before decision rules is decided by the tier the issue sat at
        GovernanceTier body = event.body() == null ? tier.tier() : event.body().tier();
        ballot = new OpenBallot(event.proposalId(), event.summary(), event.text(), event.tier(), body.name(),
                body.members(), body.chair(), body.decisionRule());
        status = IssueStatus.RESOLUTION_PROPOSED;
    }

    @EventSourcingHandler
    void on(VoteCast event) {
        ballot.ballots.put(event.actor().username(),
                new Ballot(event.actor().username(), event.actor().partyId(), event.vote(), event.signature()));
    }

    @EventSourcingHandler
    void on(ProposalAdopted event) {
        proposals.put(event.proposalId(), ProposalState.ADOPTED);
        adoptedProposer = proposers.get(event.proposalId());
        ballot = null;
        status = IssueStatus.RESOLVED;
    }

    @EventSourcingHandler
    void on(ProposalRejected event) {
        proposals.put(event.proposalId(), ProposalState.REJECTED);
        ballot = null;
        status = IssueStatus.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(RootCauseRecorded event) {
        rootCauseRecorded = true;
    }

    @EventSourcingHandler
    void on(ImpactAssessed event) {
        impactAssessed = true;
    }

    @EventSourcingHandler
    void on(CorrectiveActionAdded event) {
        usedIds.add(event.actionId());
        actions.put(event.actionId(), new CapaAction(event.actionId(), event.owner(), event.dueOn()));
        effectivenessVerified = false; // a new action has not been checked
    }

    @EventSourcingHandler
    void on(ActionCompleted event) {
        actions.get(event.actionId()).status = CapaAction.Status.COMPLETED;
    }

    @EventSourcingHandler
    void on(ActionReassigned event) {
        actions.get(event.actionId()).owner = event.owner();
    }

    @EventSourcingHandler
    void on(ActionRedated event) {
        actions.get(event.actionId()).dueOn = event.dueOn();
    }

    @EventSourcingHandler
    void on(ActionCancelled event) {
        CapaAction action = actions.get(event.actionId());
        action.status = CapaAction.Status.CANCELLED;
        action.requestedDueOn = null;
    }

    @EventSourcingHandler
    void on(DueDateExtensionRequested event) {
        actions.get(event.actionId()).requestedDueOn = event.requestedDueOn();
    }

    @EventSourcingHandler
    void on(DueDateExtensionDecided event) {
        CapaAction action = actions.get(event.actionId());
        if (event.approved()) {
            action.dueOn = event.requestedDueOn();
        }
        action.requestedDueOn = null;
    }

    @EventSourcingHandler
    void on(EffectivenessCheckPlanned event) {
        effectivenessCheckPlanned = true;
    }

    @EventSourcingHandler
    void on(EffectivenessCheckRecorded event) {
        effectivenessVerified = event.effective();
    }

    @EventSourcingHandler
    void on(IssueAssigned event) {
        owner = event.owner();
    }

    @EventSourcingHandler
    void on(SeriousBreachFlagged event) {
        seriousBreachFlagged = true;
    }

    @EventSourcingHandler
    void on(SeriousBreachReported event) {
        seriousBreachReported = true;
    }

    @EventSourcingHandler
    void on(IssueClosed event) {
        status = IssueStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(IssueDismissed event) {
        status = IssueStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(IssueReopened event) {
        status = IssueStatus.OPEN;
        effectivenessVerified = false;
        adoptedProposer = null;
        epoch++;
    }

    @EventSourcingHandler
    void on(IssueWithdrawn event) {
        status = IssueStatus.WITHDRAWN;
    }
}
