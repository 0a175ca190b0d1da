package org.concordia.command.issue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.ActionCompleted;
import org.concordia.kernel.issue.AddCorrectiveAction;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.AttachEvidence;
import org.concordia.kernel.issue.Ballot;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.ChangeSeverity;
import org.concordia.kernel.issue.CloseIssue;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.CompleteAction;
import org.concordia.kernel.issue.CorrectiveActionAdded;
import org.concordia.kernel.issue.Decision;
import org.concordia.kernel.issue.EscalateIssue;
import org.concordia.kernel.issue.EscalationCause;
import org.concordia.kernel.issue.EvidenceAttached;
import org.concordia.kernel.issue.IssueAcknowledged;
import org.concordia.kernel.issue.IssueAssigned;
import org.concordia.kernel.issue.IssueClosed;
import org.concordia.kernel.issue.IssueEscalated;
import org.concordia.kernel.issue.IssueLinked;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.kernel.issue.IssueReopened;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.IssueWithdrawn;
import org.concordia.kernel.issue.LinkIssue;
import org.concordia.kernel.issue.LinkRelation;
import org.concordia.kernel.issue.ProposalAdopted;
import org.concordia.kernel.issue.ProposalRejected;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.ReopenIssue;
import org.concordia.kernel.issue.ResolutionProposed;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.SeverityChanged;
import org.concordia.kernel.issue.SlaBreached;
import org.concordia.kernel.issue.SlaPhase;
import org.concordia.kernel.issue.TierSnapshot;
import org.concordia.kernel.issue.VoteCast;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.issue.WithdrawIssue;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;

/**
 * An issue or conflict climbing a collaboration's governance ladder. The tier body (members, quorum, SLAs)
 * is captured when the issue enters a tier; who the actor is (membership, party, roles) is checked live
 * through the {@link CollaborationDirectory}. Created only by the Collaboration (see {@code RaiseIssue}).
 */
public class Issue {

    static final String ACKNOWLEDGE_DEADLINE = "issue-acknowledge-sla";
    static final String RESOLVE_DEADLINE = "issue-resolve-sla";

    private static final Set<IssueStatus> UNRESOLVED =
            EnumSet.of(IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED, IssueStatus.RESOLUTION_PROPOSED);

    private enum ProposalState { OPEN, ADOPTED, REJECTED, SUPERSEDED }

    private record Link(String relatedIssueId, LinkRelation relation) {
    }

    @AggregateIdentifier
    private String issueId;
    private String collaborationId;
    private IssueType type;
    private Set<String> involvedParties;
    private String raiser;
    private IssueStatus status;
    private Severity severity;
    private TierSnapshot tier;
    private int epoch;
    private final Set<String> usedIds = new HashSet<>();
    private final Set<Link> links = new HashSet<>();
    private final Map<String, ProposalState> proposals = new HashMap<>();
    private String openProposalId;
    private String openProposalSummary;
    private String openProposalText;
    private final Map<String, Ballot> ballots = new LinkedHashMap<>();
    private final Map<String, String> actionOwners = new HashMap<>();
    private final Set<String> completedActions = new HashSet<>();

    Issue() {
        // for Axon
    }

    /**
     * Creates the issue from the facts the Collaboration checked and numbered, and starts both SLA clocks of
     * its first tier.
     */
    public Issue(IssueRaised raised, DeadlineManager deadlineManager) {
        apply(raised).andThen(() -> scheduleSla(deadlineManager));
    }

    // ---------------------------------------------------------------- commands

    @CommandHandler
    void handle(AcknowledgeIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireUnresolved();
        if (status != IssueStatus.OPEN) {
            throw violation(DomainRule.ISSUE_ALREADY_ACKNOWLEDGED, "the issue is already " + status);
        }
        requireTierMember(actor);
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        apply(new IssueAcknowledged(collaborationId, issueId, tier.level(), actor.toActor()));
    }

    @CommandHandler
    void handle(AssignIssue command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        if (facts.member(command.owner()).isEmpty()) {
            throw violation(DomainRule.OWNER_NOT_A_MEMBER, command.owner() + " is not a member");
        }
        apply(new IssueAssigned(collaborationId, issueId, command.owner(), actor.toActor()));
    }

    @CommandHandler
    void handle(CommentOnIssue command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        requireUnusedId(command.commentId());
        apply(new CommentAdded(collaborationId, issueId, command.commentId(), command.text(), actor.toActor()));
    }

    @CommandHandler
    void handle(AttachEvidence command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        requireUnusedId(command.evidenceId());
        apply(new EvidenceAttached(collaborationId, issueId, command.evidenceId(), command.title(), command.uri(),
                command.sha256(), actor.toActor()));
    }

    @CommandHandler
    void handle(ChangeSeverity command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        if (command.severity() == severity) {
            throw violation(DomainRule.SEVERITY_UNCHANGED, "the severity is already " + severity);
        }
        apply(new SeverityChanged(collaborationId, issueId, severity, command.severity(), command.reason(),
                actor.toActor()));
    }

    @CommandHandler
    void handle(LinkIssue command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        if (command.relatedIssueId().equals(issueId)) {
            throw violation(DomainRule.CANNOT_LINK_TO_ITSELF, "an issue cannot be linked to itself");
        }
        if (links.contains(new Link(command.relatedIssueId(), command.relation()))) {
            throw violation(DomainRule.LINK_ALREADY_EXISTS,
                    "already linked " + command.relation() + " " + command.relatedIssueId());
        }
        apply(new IssueLinked(collaborationId, issueId, command.relatedIssueId(), command.relation(),
                actor.toActor()));
    }

    @CommandHandler
    void handle(EscalateIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireUnresolved();
        if (!isTierMember(actor) && !actor.isCoordinator() && !actor.username().equals(raiser)) {
            throw violation(DomainRule.NOT_ALLOWED_TO_ESCALATE,
                    "only the raiser, a member of the current tier's body or a coordinator may escalate");
        }
        TierSnapshot next = facts.tier(tier.level() + 1).orElseThrow(() -> violation(DomainRule.TOP_TIER_REACHED,
                "tier " + tier.level() + " (" + tier.tier().name() + ") is the top of the ladder"));
        escalateTo(next, EscalationCause.MANUAL, null, command.reason(), actor.toActor(), deadlineManager);
    }

    @CommandHandler
    void handle(ProposeResolution command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireUnresolved();
        requireTierMemberOrCoordinator(actor);
        if (status == IssueStatus.OPEN) {
            throw violation(DomainRule.ISSUE_NOT_ACKNOWLEDGED, "the issue must be acknowledged first");
        }
        if (status == IssueStatus.RESOLUTION_PROPOSED) {
            throw violation(DomainRule.PROPOSAL_ALREADY_OPEN, "proposal " + openProposalId + " is still open");
        }
        requireUnusedId(command.proposalId());
        apply(new ResolutionProposed(collaborationId, issueId, command.proposalId(), command.summary(),
                command.text(), tier.level(), actor.toActor()));
    }

    @CommandHandler
    void handle(CastVote command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts voter = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        requireOpenProposal(command.proposalId());
        requireTierMember(voter);
        if (isRecused(voter)) {
            throw violation(DomainRule.VOTER_RECUSED,
                    voter.username() + " belongs to " + voter.partyId() + ", a party involved in the conflict");
        }
        if (ballots.containsKey(voter.username())) {
            throw violation(DomainRule.ALREADY_VOTED, voter.username() + " has already voted");
        }
        ActorContext actor = voter.toActor();
        apply(new VoteCast(collaborationId, issueId, command.proposalId(), command.vote(), command.comment(), actor,
                command.signature()));

        List<Ballot> votes = new ArrayList<>(ballots.values()); // includes the vote just cast
        long approvals = votes.stream().filter(b -> b.vote() == VoteChoice.APPROVE).count();
        int quorum = tier.tier().quorum();
        if (approvals >= quorum) {
            deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
            deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
            apply(new ProposalAdopted(collaborationId, issueId, command.proposalId(),
                    new Decision(command.proposalId(), openProposalSummary, openProposalText, tier.level(),
                            tier.tier().name(), quorum, votes), actor));
        } else if (approvals + remainingEligibleVoters(facts) < quorum) {
            apply(new ProposalRejected(collaborationId, issueId, command.proposalId(), tier.level(), votes,
                    "quorum of " + quorum + " approvals can no longer be reached", actor));
        }
    }

    @CommandHandler
    void handle(AddCorrectiveAction command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        requireTierMemberOrCoordinator(actor);
        if (facts.member(command.owner()).isEmpty()) {
            throw violation(DomainRule.OWNER_NOT_A_MEMBER, command.owner() + " is not a member");
        }
        requireUnusedId(command.actionId());
        apply(new CorrectiveActionAdded(collaborationId, issueId, command.actionId(), command.kind(),
                command.description(), command.owner(), command.dueOn(), actor.toActor()));
    }

    @CommandHandler
    void handle(CompleteAction command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        String owner = actionOwners.get(command.actionId());
        if (owner == null) {
            throw violation(DomainRule.ACTION_UNKNOWN, "no action " + command.actionId() + " on this issue");
        }
        if (!owner.equals(actor.username())) {
            throw violation(DomainRule.NOT_THE_ACTION_OWNER, "action " + command.actionId() + " is owned by " + owner);
        }
        if (completedActions.contains(command.actionId())) {
            throw violation(DomainRule.ACTION_ALREADY_COMPLETED, "action " + command.actionId() + " is completed");
        }
        apply(new ActionCompleted(collaborationId, issueId, command.actionId(), command.note(), actor.toActor()));
    }

    @CommandHandler
    void handle(CloseIssue command, CollaborationDirectory directory) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotClosedOrWithdrawn();
        if (status != IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "only a RESOLVED issue can be closed; it is " + status);
        }
        requireTierMemberOrCoordinator(actor);
        Set<String> open = new HashSet<>(actionOwners.keySet());
        open.removeAll(completedActions);
        if (!open.isEmpty()) {
            throw violation(DomainRule.ACTIONS_STILL_OPEN, open.size() + " action(s) still open");
        }
        apply(new IssueClosed(collaborationId, issueId, command.note(), actor.toActor(), command.signature()));
    }

    @CommandHandler
    void handle(ReopenIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotWithdrawn();
        if (status != IssueStatus.RESOLVED && status != IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "only a RESOLVED or CLOSED issue can be reopened");
        }
        requireTierMemberOrCoordinator(actor);
        apply(new IssueReopened(collaborationId, issueId, command.reason(), tier.level(), actor.toActor()))
                .andThen(() -> scheduleSla(deadlineManager));
    }

    @CommandHandler
    void handle(WithdrawIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireUnresolved();
        if (!actor.username().equals(raiser)) {
            throw violation(DomainRule.NOT_THE_RAISER, "only " + raiser + ", who raised it, may withdraw the issue");
        }
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        apply(new IssueWithdrawn(collaborationId, issueId, command.reason(), actor.toActor()));
    }

    // ---------------------------------------------------------------- deadlines

    @DeadlineHandler(deadlineName = ACKNOWLEDGE_DEADLINE)
    void onAcknowledgeDeadline(SlaDeadline deadline, CollaborationDirectory directory,
                               DeadlineManager deadlineManager) {
        if (isCurrent(deadline, SlaPhase.ACKNOWLEDGE) && status == IssueStatus.OPEN) {
            slaBreached(SlaPhase.ACKNOWLEDGE, "not acknowledged within " + tier.tier().acknowledgeWithin(),
                    directory, deadlineManager);
        }
        // otherwise stale (acknowledged, escalated, reopened, resolved or withdrawn since): nothing to do
    }

    @DeadlineHandler(deadlineName = RESOLVE_DEADLINE)
    void onResolveDeadline(SlaDeadline deadline, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        if (isCurrent(deadline, SlaPhase.RESOLVE) && UNRESOLVED.contains(status)) {
            slaBreached(SlaPhase.RESOLVE, "not resolved within " + tier.tier().resolveWithin(),
                    directory, deadlineManager);
        }
    }

    private boolean isCurrent(SlaDeadline deadline, SlaPhase phase) {
        return deadline.phase() == phase && deadline.tier() == tier.level() && deadline.epoch() == epoch;
    }

    private void slaBreached(SlaPhase phase, String what, CollaborationDirectory directory,
                             DeadlineManager deadlineManager) {
        String reason = "SLA breached at tier " + tier.level() + " (" + tier.tier().name() + "): " + what;
        Optional<TierSnapshot> next = directory.factsOf(collaborationId).tier(tier.level() + 1);
        if (next.isPresent()) {
            escalateTo(next.get(), EscalationCause.SLA_BREACH, phase, reason, ActorContext.SYSTEM, deadlineManager);
        } else {
            apply(new SlaBreached(collaborationId, issueId, tier.level(), phase, reason, ActorContext.SYSTEM));
        }
    }

    private void escalateTo(TierSnapshot next, EscalationCause cause, SlaPhase phase, String reason,
                            ActorContext actor, DeadlineManager deadlineManager) {
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        apply(new IssueEscalated(collaborationId, issueId, tier.level(), next, cause, phase, reason, openProposalId,
                actor)).andThen(() -> scheduleSla(deadlineManager));
    }

    /** Both clocks run from entering the tier; the payload pins tier, phase and epoch. */
    private void scheduleSla(DeadlineManager deadlineManager) {
        deadlineManager.schedule(tier.tier().acknowledgeWithin(), ACKNOWLEDGE_DEADLINE,
                new SlaDeadline(issueId, tier.level(), SlaPhase.ACKNOWLEDGE, epoch));
        deadlineManager.schedule(tier.tier().resolveWithin(), RESOLVE_DEADLINE,
                new SlaDeadline(issueId, tier.level(), SlaPhase.RESOLVE, epoch));
    }

    // ---------------------------------------------------------------- policies

    private MemberFacts requireWriter(CollaborationDirectory directory, String username) {
        return requireWriter(directory.factsOf(collaborationId), username);
    }

    private MemberFacts requireWriter(CollaborationFacts facts, String username) {
        MemberFacts member = facts.member(username).orElseThrow(() -> violation(DomainRule.NOT_A_MEMBER,
                username + " is not a member of the collaboration"));
        if (!member.canWrite()) {
            throw violation(DomainRule.READ_ONLY_ROLE, username + " has only read-only roles " + member.roles());
        }
        return member;
    }

    private boolean isTierMember(MemberFacts member) {
        return tier.tier().members().contains(member.username());
    }

    private void requireTierMember(MemberFacts member) {
        if (!isTierMember(member)) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER,
                    member.username() + " does not sit on " + tier.tier().name() + " (tier " + tier.level() + ")");
        }
    }

    private void requireTierMemberOrCoordinator(MemberFacts member) {
        if (!isTierMember(member) && !member.isCoordinator()) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR,
                    member.username() + " neither sits on " + tier.tier().name() + " nor is a coordinator");
        }
    }

    /** A member of a party involved in a conflict may not vote on it. */
    private boolean isRecused(MemberFacts member) {
        return type == IssueType.CONFLICT && member.partyId() != null && involvedParties.contains(member.partyId());
    }

    /** Tier body members who may still vote: active, writing, not recused, not yet voted. */
    private long remainingEligibleVoters(CollaborationFacts facts) {
        return tier.tier().members().stream()
                .filter(username -> !ballots.containsKey(username))
                .map(facts::member)
                .flatMap(Optional::stream)
                .filter(MemberFacts::canWrite)
                .filter(member -> !isRecused(member))
                .count();
    }

    private void requireOpenProposal(String proposalId) {
        ProposalState state = proposals.get(proposalId);
        if (state == null) {
            throw violation(DomainRule.PROPOSAL_UNKNOWN, "no proposal " + proposalId + " on this issue");
        }
        if (state == ProposalState.ADOPTED) {
            throw violation(DomainRule.QUORUM_ALREADY_REACHED, "proposal " + proposalId + " was already adopted");
        }
        if (state != ProposalState.OPEN) {
            throw violation(DomainRule.NO_OPEN_PROPOSAL, "proposal " + proposalId + " is " + state);
        }
    }

    private void requireNotWithdrawn() {
        if (status == IssueStatus.WITHDRAWN) {
            throw violation(DomainRule.ISSUE_WITHDRAWN, "the issue was withdrawn");
        }
    }

    private void requireNotClosedOrWithdrawn() {
        requireNotWithdrawn();
        if (status == IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_CLOSED, "the issue is closed");
        }
    }

    private void requireUnresolved() {
        requireNotClosedOrWithdrawn();
        if (status == IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_ALREADY_RESOLVED, "the issue is already resolved");
        }
    }

    private void requireUnusedId(String id) {
        if (usedIds.contains(id)) {
            throw violation(DomainRule.ID_ALREADY_USED, "id " + id + " is already used on this issue");
        }
    }

    private DomainRuleViolation violation(DomainRule rule, String detail) {
        return new DomainRuleViolation(rule, detail);
    }

    // ---------------------------------------------------------------- state

    @EventSourcingHandler
    void on(IssueRaised event) {
        issueId = event.issueId();
        collaborationId = event.collaborationId();
        type = event.type();
        involvedParties = Set.copyOf(event.involvedParties());
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
    void on(IssueEscalated event) {
        if (event.supersededProposalId() != null) {
            proposals.put(event.supersededProposalId(), ProposalState.SUPERSEDED);
            clearOpenProposal();
        }
        tier = event.to();
        status = IssueStatus.OPEN;
        epoch++;
    }

    @EventSourcingHandler
    void on(ResolutionProposed event) {
        usedIds.add(event.proposalId());
        proposals.put(event.proposalId(), ProposalState.OPEN);
        openProposalId = event.proposalId();
        openProposalSummary = event.summary();
        openProposalText = event.text();
        ballots.clear();
        status = IssueStatus.RESOLUTION_PROPOSED;
    }

    @EventSourcingHandler
    void on(VoteCast event) {
        ballots.put(event.actor().username(),
                new Ballot(event.actor().username(), event.actor().partyId(), event.vote(), event.signature()));
    }

    @EventSourcingHandler
    void on(ProposalAdopted event) {
        proposals.put(event.proposalId(), ProposalState.ADOPTED);
        clearOpenProposal();
        status = IssueStatus.RESOLVED;
    }

    @EventSourcingHandler
    void on(ProposalRejected event) {
        proposals.put(event.proposalId(), ProposalState.REJECTED);
        clearOpenProposal();
        status = IssueStatus.ACKNOWLEDGED;
    }

    @EventSourcingHandler
    void on(CorrectiveActionAdded event) {
        usedIds.add(event.actionId());
        actionOwners.put(event.actionId(), event.owner());
    }

    @EventSourcingHandler
    void on(ActionCompleted event) {
        completedActions.add(event.actionId());
    }

    @EventSourcingHandler
    void on(IssueClosed event) {
        status = IssueStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(IssueReopened event) {
        status = IssueStatus.OPEN;
        epoch++;
    }

    @EventSourcingHandler
    void on(IssueWithdrawn event) {
        status = IssueStatus.WITHDRAWN;
    }

    private void clearOpenProposal() {
        openProposalId = null;
        openProposalSummary = null;
        openProposalText = null;
        ballots.clear();
    }
}
