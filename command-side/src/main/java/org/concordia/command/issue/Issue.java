package org.concordia.command.issue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * An issue or conflict climbing a collaboration's governance ladder. The tier body (members, chair, SLAs) is captured
 * when the issue enters a tier; a ballot freezes the body at the issue's level of the ladder in force when it opens.
 * Who the actor is (membership, party, roles) is checked live through the {@link CollaborationDirectory}. Created only
 * by the Collaboration (see {@code RaiseIssue}). Corrections and CAPA are in {@link IssueCorrections}'s rules, which
 * this class applies; the state it remembers is in {@link IssueAggregateState}.
 */
@Revision("2") // 2: decision rules, CAPA and routing state; snapshots of revision 1 are ignored
public class Issue extends IssueAggregateState {

    static final String ACKNOWLEDGE_DEADLINE = "issue-acknowledge-sla";
    static final String RESOLVE_DEADLINE = "issue-resolve-sla";
    static final String BALLOT_DEADLINE = "issue-ballot-deadline";

    private static final Set<IssueStatus> UNRESOLVED =
            EnumSet.of(IssueStatus.OPEN, IssueStatus.ACKNOWLEDGED, IssueStatus.RESOLUTION_PROPOSED);

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

    // ---------------------------------------------------------------- life cycle

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
        int target = command.toTier() == null ? tier.level() + 1 : command.toTier();
        if (target <= tier.level()) {
            throw violation(DomainRule.ESCALATION_TARGET_INVALID,
                    "tier " + target + " is not above the current tier " + tier.level());
        }
        TierSnapshot next = facts.tier(target).orElseThrow(() -> command.toTier() == null
                ? violation(DomainRule.TOP_TIER_REACHED,
                        "tier " + tier.level() + " (" + tier.tier().name() + ") is the top of the ladder")
                : violation(DomainRule.TIER_UNKNOWN, "the ladder has no tier " + target));
        escalateTo(next, EscalationCause.MANUAL, null, command.reason(), actor.toActor(), facts, deadlineManager);
    }

    @CommandHandler
    void handle(CloseIssue command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        if (status != IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "only a RESOLVED issue can be closed; it is " + status);
        }
        requireTierMemberOrCoordinator(actor);
        requireNotRecused(actor);
        long open = actions.values().stream().filter(CapaAction::isOpen).count();
        if (open > 0) {
            throw violation(DomainRule.ACTIONS_STILL_OPEN, open + " action(s) still open");
        }
        if (command.signature().meaning() == SignatureMeaning.CLOSED_AS_EFFECTIVE) {
            requireActionsToVerify();
            if (!effectivenessVerified) {
                throw violation(DomainRule.EFFECTIVENESS_NOT_VERIFIED, "no effectiveness check after the last action "
                        + "found the actions effective: record one, or close as REVIEWED");
            }
        }
        apply(new IssueClosed(collaborationId, issueId, command.note(), actor.toActor(), command.signature()));
    }

    @CommandHandler
    void handle(DismissIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireUnresolved();
        requireChair(actor, tier.tier());
        requireNotRecused(actor);
        if (ballot != null) {
            throw violation(DomainRule.BALLOT_OPEN, "proposal " + ballot.proposalId + " is being voted on: its ballot"
                    + " must close first");
        }
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        apply(new IssueDismissed(collaborationId, issueId, command.dismissal(), command.duplicateOf(),
                command.reason(), actor.toActor(), command.signature()));
    }

    @CommandHandler
    void handle(ReopenIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireNotWithdrawn();
        if (status == IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_CLOSED, "a closed issue is not reopened: raise the recurrence as a new "
                    + "issue (recurrenceOf " + issueId + ")");
        }
        if (status != IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "only a RESOLVED issue can be reopened");
        }
        requireTierMemberOrCoordinator(actor);
        apply(new IssueReopened(collaborationId, issueId, command.reason(), tier.level(), actor.toActor()))
                .andThen(() -> scheduleSla(deadlineManager));
    }

    @CommandHandler
    void handle(WithdrawIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        MemberFacts actor = requireWriter(directory, command.actor());
        requireUnresolved();
        if (!actor.username().equals(raiser) && !actor.isCoordinator()) {
            throw violation(DomainRule.NOT_THE_RAISER,
                    "only " + raiser + ", who raised it, or a coordinator may withdraw the issue");
        }
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        deadlineManager.cancelAllWithinScope(BALLOT_DEADLINE);
        apply(new IssueWithdrawn(collaborationId, issueId, command.reason(), actor.toActor()));
    }

    // ---------------------------------------------------------------- proposals and ballots

    @CommandHandler
    void handle(ProposeResolution command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireUnresolved();
        requireTierMemberOrCoordinator(actor);
        requireNotRecused(actor);
        if (status == IssueStatus.OPEN) {
            throw violation(DomainRule.ISSUE_NOT_ACKNOWLEDGED, "the issue must be acknowledged first");
        }
        if (status == IssueStatus.RESOLUTION_PROPOSED) {
            throw violation(DomainRule.PROPOSAL_ALREADY_OPEN, "proposal " + ballot.proposalId + " is still open");
        }
        requireUnusedId(command.proposalId());
        // the body at this level of the ladder in force now votes; later ladder changes do not touch this ballot
        TierSnapshot body = facts.tier(tier.level()).orElse(tier);
        List<Recusal> recusals = new ArrayList<>();
        long eligible = 0;
        for (String username : body.tier().members()) {
            Optional<MemberFacts> member = facts.member(username);
            Optional<Recusal> recusal = member.flatMap(m -> recusalOf(m.username(), m.partyId()));
            recusal.ifPresent(recusals::add);
            if (member.isPresent() && member.get().canWrite() && recusal.isEmpty()) {
                eligible++;
            }
        }
        DecisionRule rule = body.tier().decisionRule();
        if (eligible < rule.participationQuorum()) {
            throw violation(DomainRule.QUORUM_UNREACHABLE, "only " + eligible + " member(s) of " + body.tier().name()
                    + " may vote on it after recusal, and its quorum is " + rule.participationQuorum()
                    + ": escalate instead");
        }
        apply(new ResolutionProposed(collaborationId, issueId, command.proposalId(), command.summary(),
                command.text(), tier.level(), body, recusals, actor.toActor())).andThen(() -> {
            if (rule.votingPeriod() != null) {
                deadlineManager.schedule(rule.votingPeriod(), BALLOT_DEADLINE,
                        new BallotDeadline(issueId, command.proposalId()));
            }
        });
    }

    @CommandHandler
    void handle(CastVote command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts voter = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        requireOpenProposal(command.proposalId());
        if (!ballot.voters.contains(voter.username())) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER, voter.username() + " does not sit on " + ballot.tierName
                    + " as it stood when this ballot opened");
        }
        Optional<Recusal> recusal = recusalOf(voter.username(), voter.partyId());
        if (recusal.isPresent()) {
            throw violation(DomainRule.VOTER_RECUSED, voter.username() + " is recused: " + describe(recusal.get()));
        }
        if (ballot.ballots.containsKey(voter.username())) {
            throw violation(DomainRule.ALREADY_VOTED, voter.username() + " has already voted");
        }
        apply(new VoteCast(collaborationId, issueId, command.proposalId(), command.vote(), command.comment(),
                voter.toActor(), command.signature()));
        settleBallotIfDecided(facts, voter.toActor(), deadlineManager);
    }

    @CommandHandler
    void handle(CloseBallot command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireNotClosedOrWithdrawn();
        requireOpenProposal(command.proposalId());
        if (ballot.chair == null) {
            throw violation(DomainRule.TIER_HAS_NO_CHAIR, ballot.tierName + " has no chair to close its ballots");
        }
        if (!ballot.chair.equals(actor.username())) {
            throw violation(DomainRule.NOT_THE_CHAIR, "only " + ballot.chair + ", who chairs " + ballot.tierName
                    + ", may close its ballot");
        }
        requireNotRecused(actor);
        closeBallot(BallotClosure.CLOSED_BY_CHAIR, BallotCount.of(this, facts), "closed by the chair ("
                + command.reason() + ")", actor.toActor(), command.signature(), deadlineManager);
    }

    @CommandHandler
    void handle(DeclareConflictOfInterest command, CollaborationDirectory directory,
                DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor()); // recusal matters only to those who act
        requireNotClosedOrWithdrawn();
        if (declaredConflicts.containsKey(actor.username())) {
            throw violation(DomainRule.CONFLICT_ALREADY_DECLARED, actor.username() + " already declared a conflict "
                    + "of interest on this issue");
        }
        String flagged = ballot != null && ballot.ballots.containsKey(actor.username()) ? ballot.proposalId : null;
        apply(new ConflictOfInterestDeclared(collaborationId, issueId, command.reason(), flagged, actor.toActor()));
        settleBallotIfDecided(facts, actor.toActor(), deadlineManager);
    }

    /** Applies the correction rules of {@link IssueCorrections}; then a changed recusal may settle the ballot. */
    @CommandHandler
    void handle(CorrectIssueDetails command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        apply(IssueCorrections.correct(this, command, actor, facts));
        settleBallotIfDecided(facts, actor.toActor(), deadlineManager);
    }

    // ---------------------------------------------------------------- CAPA (rules in IssueCorrections)

    @CommandHandler
    void handle(RecordRootCause command, CollaborationDirectory directory) {
        apply(IssueCorrections.rootCause(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(AssessImpact command, CollaborationDirectory directory) {
        apply(IssueCorrections.impact(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(AddCorrectiveAction command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.addAction(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(CompleteAction command, CollaborationDirectory directory) {
        apply(IssueCorrections.complete(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(ReassignAction command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.reassign(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(RedateAction command, CollaborationDirectory directory) {
        apply(IssueCorrections.redate(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(CancelAction command, CollaborationDirectory directory) {
        apply(IssueCorrections.cancel(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(RequestDueDateExtension command, CollaborationDirectory directory) {
        apply(IssueCorrections.requestExtension(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(DecideDueDateExtension command, CollaborationDirectory directory) {
        apply(IssueCorrections.decideExtension(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(PlanEffectivenessCheck command, CollaborationDirectory directory) {
        apply(IssueCorrections.planCheck(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(RecordEffectivenessCheck command, CollaborationDirectory directory) {
        apply(IssueCorrections.recordCheck(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(FlagSeriousBreach command, CollaborationDirectory directory) {
        apply(IssueCorrections.flagBreach(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(ReportSeriousBreach command, CollaborationDirectory directory) {
        apply(IssueCorrections.reportBreach(this, command, requireWriter(directory, command.actor())));
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

    @DeadlineHandler(deadlineName = BALLOT_DEADLINE)
    void onBallotDeadline(BallotDeadline deadline, CollaborationDirectory directory,
                          DeadlineManager deadlineManager) {
        if (ballot != null && ballot.proposalId.equals(deadline.proposalId())) {
            closeBallot(BallotClosure.DEADLINE, BallotCount.of(this, directory.factsOf(collaborationId)),
                    "voting period of " + ballot.rule.votingPeriod() + " ended", ActorContext.SYSTEM, null,
                    deadlineManager);
        }
        // otherwise the ballot closed earlier: nothing to do
    }

    private boolean isCurrent(SlaDeadline deadline, SlaPhase phase) {
        return deadline.phase() == phase && deadline.tier() == tier.level() && deadline.epoch() == epoch;
    }

    private void slaBreached(SlaPhase phase, String what, CollaborationDirectory directory,
                             DeadlineManager deadlineManager) {
        String reason = "SLA breached at tier " + tier.level() + " (" + tier.tier().name() + "): " + what;
        CollaborationFacts facts = directory.factsOf(collaborationId);
        Optional<TierSnapshot> next = facts.tier(tier.level() + 1);
        if (next.isPresent()) {
            escalateTo(next.get(), EscalationCause.SLA_BREACH, phase, reason, ActorContext.SYSTEM, facts,
                    deadlineManager);
        } else {
            apply(new SlaBreached(collaborationId, issueId, tier.level(), phase, reason, ActorContext.SYSTEM));
        }
    }

    /** An open ballot is not discarded: it is recorded as superseded, with its signed ballots and tally. */
    private void escalateTo(TierSnapshot next, EscalationCause cause, SlaPhase phase, String reason,
                            ActorContext actor, CollaborationFacts facts, DeadlineManager deadlineManager) {
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        String superseded = null;
        if (ballot != null) {
            deadlineManager.cancelAllWithinScope(BALLOT_DEADLINE);
            BallotCount count = BallotCount.of(this, facts);
            superseded = ballot.proposalId;
            apply(new ProposalSuperseded(collaborationId, issueId, superseded, ballot.tier, ballot.rule,
                    count.tally(), count.ballots(), "superseded by the escalation to tier " + next.level() + " ("
                    + cause + "): " + reason, actor));
        }
        apply(new IssueEscalated(collaborationId, issueId, tier.level(), next, cause, phase, reason, superseded,
                actor)).andThen(() -> scheduleSla(deadlineManager));
    }

    /** Both clocks run from entering the tier; the payload pins tier, phase and epoch. */
    private void scheduleSla(DeadlineManager deadlineManager) {
        deadlineManager.schedule(tier.tier().acknowledgeWithin(), ACKNOWLEDGE_DEADLINE,
                new SlaDeadline(issueId, tier.level(), SlaPhase.ACKNOWLEDGE, epoch));
        deadlineManager.schedule(tier.tier().resolveWithin(), RESOLVE_DEADLINE,
                new SlaDeadline(issueId, tier.level(), SlaPhase.RESOLVE, epoch));
    }

    // ---------------------------------------------------------------- ballot closing

    /**
     * Closes the ballot once every eligible member has voted, or as NO_QUORUM once the quorum is out of reach. Voting
     * never stops earlier: a majority reached half-way still lets the others record their votes.
     */
    private void settleBallotIfDecided(CollaborationFacts facts, ActorContext actor,
                                       DeadlineManager deadlineManager) {
        if (ballot == null) {
            return;
        }
        BallotCount count = BallotCount.of(this, facts);
        if (count.remaining() == 0) {
            closeBallot(BallotClosure.ALL_VOTED, count, "every eligible member voted", actor, null, deadlineManager);
        } else if (count.tally().participation() + count.remaining() < ballot.rule.participationQuorum()) {
            closeBallot(BallotClosure.QUORUM_UNREACHABLE, count, "the quorum of " + ballot.rule.participationQuorum()
                    + " can no longer be reached (" + count.tally().participation() + " voted, " + count.remaining()
                    + " eligible still to vote)", actor, null, deadlineManager);
        }
    }

    private void closeBallot(BallotClosure closure, BallotCount count, String why, ActorContext actor,
                             ElectronicSignature signature, DeadlineManager deadlineManager) {
        DecisionRule rule = ballot.rule;
        BallotOutcome outcome = closure == BallotClosure.QUORUM_UNREACHABLE ? BallotOutcome.NO_QUORUM
                : rule.outcome(count.tally(), count.chairVote());
        deadlineManager.cancelAllWithinScope(BALLOT_DEADLINE);
        if (outcome == BallotOutcome.ADOPTED) {
            deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
            deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
            apply(new ProposalAdopted(collaborationId, issueId, ballot.proposalId, new Decision(ballot.proposalId,
                    ballot.summary, ballot.text, ballot.tier, ballot.tierName, rule, count.tally(), closure,
                    count.ballots()), signature, actor));
        } else {
            apply(new ProposalRejected(collaborationId, issueId, ballot.proposalId, ballot.tier, outcome, rule,
                    count.tally(), closure, count.ballots(), outcome + " under " + rule.describe() + ": "
                    + count.tally().describe() + count.tieNote(rule) + "; " + why, signature, actor));
        }
    }

    // ---------------------------------------------------------------- policies (package-private for IssueCorrections)

    MemberFacts requireWriter(CollaborationDirectory directory, String username) {
        return requireWriter(directory.factsOf(collaborationId), username);
    }

    MemberFacts requireWriter(CollaborationFacts facts, String username) {
        MemberFacts member = requireMember(facts, username);
        if (!member.canWrite()) {
            throw violation(DomainRule.READ_ONLY_ROLE, username + " has only read-only roles " + member.roles());
        }
        return member;
    }

    /**
     * A member who may see the issue: for a restricted one, the raiser, a member of its current body or of a tier it
     * is restricted to (in the ladder in force). Auditors see it too, but they change nothing.
     */
    MemberFacts requireMember(CollaborationFacts facts, String username) {
        MemberFacts member = facts.member(username).orElseThrow(() -> violation(DomainRule.NOT_A_MEMBER,
                username + " is not a member of the collaboration"));
        if (!restrictedToTiers.isEmpty() && !username.equals(raiser) && !isTierMember(member)
                && facts.ladder().stream().noneMatch(t -> restrictedToTiers.contains(t.name())
                                                          && t.members().contains(username))) {
            throw violation(DomainRule.RESTRICTED_ISSUE, "the issue is restricted to " + restrictedToTiers);
        }
        return member;
    }

    boolean isTierMember(MemberFacts member) {
        return tier.tier().members().contains(member.username());
    }

    void requireTierMember(MemberFacts member) {
        if (!isTierMember(member)) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER,
                    member.username() + " does not sit on " + tier.tier().name() + " (tier " + tier.level() + ")");
        }
    }

    void requireTierMemberOrCoordinator(MemberFacts member) {
        if (!isTierMember(member) && !member.isCoordinator()) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR,
                    member.username() + " neither sits on " + tier.tier().name() + " nor is a coordinator");
        }
    }

    void requireChair(MemberFacts member, GovernanceTier body) {
        if (body.chair() == null) {
            throw violation(DomainRule.TIER_HAS_NO_CHAIR, body.name() + " has no chair: define one in the ladder");
        }
        if (!body.chair().equals(member.username())) {
            throw violation(DomainRule.NOT_THE_CHAIR, "only " + body.chair() + ", who chairs " + body.name()
                    + ", may do this");
        }
    }

    void requireNotRecused(MemberFacts member) {
        recusalOf(member.username(), member.partyId()).ifPresent(recusal -> {
            throw violation(DomainRule.ACTOR_RECUSED, member.username() + " is recused: " + describe(recusal));
        });
    }

    /** Why {@code username} (of {@code partyId}) may not propose, vote or close here, if they may not. */
    Optional<Recusal> recusalOf(String username, String partyId) {
        return recusalOf(username, partyId, involvedParties);
    }

    Optional<Recusal> recusalOf(String username, String partyId, Set<String> parties) {
        if (declaredConflicts.containsKey(username)) {
            return Optional.of(new Recusal(username, partyId, RecusalGround.DECLARED_CONFLICT,
                    declaredConflicts.get(username)));
        }
        if (type == IssueType.CONFLICT && partyId != null && parties.contains(partyId)) {
            return Optional.of(new Recusal(username, partyId, RecusalGround.PARTY_INVOLVED, null));
        }
        return Optional.empty();
    }

    static String describe(Recusal recusal) {
        return recusal.ground() == RecusalGround.DECLARED_CONFLICT
                ? "declared a conflict of interest (" + recusal.reason() + ")"
                : "party " + recusal.partyId() + " is involved in the conflict";
    }

    void requireOpenProposal(String proposalId) {
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

    void requireActionsToVerify() {
        if (actions.values().stream().noneMatch(CapaAction::counts)) {
            throw violation(DomainRule.NO_ACTIONS_TO_VERIFY, "there is no corrective or preventive action whose "
                    + "effectiveness could be verified");
        }
    }

    void requireNotWithdrawn() {
        if (status == IssueStatus.WITHDRAWN) {
            throw violation(DomainRule.ISSUE_WITHDRAWN, "the issue was withdrawn");
        }
    }

    void requireNotClosedOrWithdrawn() {
        requireNotWithdrawn();
        if (status == IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_CLOSED, "the issue is closed");
        }
    }

    void requireUnresolved() {
        requireNotClosedOrWithdrawn();
        if (status == IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_ALREADY_RESOLVED, "the issue is already resolved");
        }
    }

    void requireUnusedId(String id) {
        if (usedIds.contains(id)) {
            throw violation(DomainRule.ID_ALREADY_USED, "id " + id + " is already used on this issue");
        }
    }

    static DomainRuleViolation violation(DomainRule rule, String detail) {
        return new DomainRuleViolation(rule, detail);
    }
}
