package org.concordia.command.issue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.serialization.Revision;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * An issue or conflict climbing a collaboration's governance ladder. The tier body (members, chair, SLAs) is captured
 * when the issue enters a tier; a ballot freezes the body at the issue's level of the ladder in force when it opens.
 * Who the actor is (membership, party, roles) is checked live through the {@link CollaborationDirectory}. Created only
 * by the Collaboration (see {@code RaiseIssue}). The aggregate is one class hierarchy, split for reading: the state it
 * remembers ({@link IssueAggregateState}), the rules every command checks ({@link IssuePolicies}), proposals and
 * ballots ({@link IssueBallots}), and here the life cycle, CAPA (rules in {@link IssueCorrections}) and SLA deadlines.
 */
@Revision("2") // 2: decision rules, CAPA and routing state; snapshots of revision 1 are ignored
public class Issue extends IssueBallots {

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
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireUnresolved();
        if (status != IssueStatus.OPEN) {
            throw violation(DomainRule.ISSUE_ALREADY_ACKNOWLEDGED, "the issue is already " + status);
        }
        requireTierMember(facts, actor);
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
        if (owner != null && (command.reason() == null || command.reason().isBlank())) {
            throw violation(DomainRule.REASON_REQUIRED, "reason: reassigning the issue from " + owner
                    + " needs a reason");
        }
        apply(new IssueAssigned(collaborationId, issueId, command.owner(), command.reason(), actor.toActor()));
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
        if (!isTierMember(facts, actor) && !actor.isCoordinator() && !actor.username().equals(raiser)) {
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
        requireTierMemberOrCoordinator(facts, actor);
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
        requireChair(facts, actor);
        requireNotRecused(actor);
        if (ballot != null) {
            throw violation(DomainRule.BALLOT_OPEN, "proposal " + ballot.proposalId + " is being voted on: its ballot"
                    + " must close first");
        }
        long open = actions.values().stream().filter(CapaAction::isOpen).count();
        if (open > 0) {
            throw violation(DomainRule.ACTIONS_STILL_OPEN, open + " action(s) still open: complete or cancel them "
                    + "first, so that nothing is left stuck on a closed issue");
        }
        deadlineManager.cancelAllWithinScope(ACKNOWLEDGE_DEADLINE);
        deadlineManager.cancelAllWithinScope(RESOLVE_DEADLINE);
        apply(new IssueDismissed(collaborationId, issueId, command.dismissal(), command.duplicateOf(),
                command.reason(), actor.toActor(), command.signature()));
    }

    @CommandHandler
    void handle(ReopenIssue command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireNotWithdrawn();
        if (status == IssueStatus.CLOSED) {
            throw violation(DomainRule.ISSUE_CLOSED, "a closed issue is not reopened: raise the recurrence as a new "
                    + "issue (recurrenceOf " + issueId + ")");
        }
        if (status != IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "only a RESOLVED issue can be reopened");
        }
        requireTierMemberOrCoordinator(facts, actor);
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

    // ---------------------------------------------------------------- CAPA (rules in IssueCorrections)

    @CommandHandler
    void handle(RecordRootCause command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.rootCause(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(AssessImpact command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.impact(this, command, requireWriter(facts, command.actor()), facts));
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
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.redate(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(CancelAction command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.cancel(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(RequestDueDateExtension command, CollaborationDirectory directory) {
        apply(IssueCorrections.requestExtension(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(DecideDueDateExtension command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.decideExtension(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(PlanEffectivenessCheck command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.planCheck(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(RecordEffectivenessCheck command, CollaborationDirectory directory) {
        apply(IssueCorrections.recordCheck(this, command, requireWriter(directory, command.actor())));
    }

    @CommandHandler
    void handle(FlagSeriousBreach command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.flagBreach(this, command, requireWriter(facts, command.actor()), facts));
    }

    @CommandHandler
    void handle(ReportSeriousBreach command, CollaborationDirectory directory) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        apply(IssueCorrections.reportBreach(this, command, requireWriter(facts, command.actor()), facts));
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

}
