package org.concordia.command.issue;

import static org.concordia.command.issue.IssuePolicies.violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.DomainRule;

/**
 * The rules of corrections and CAPA on an {@link Issue}: each checks the issue's current state and returns the event
 * to apply, or throws the violated rule (nothing applied). Pure functions of the issue, the command, the acting
 * member and the collaboration's facts; {@link Issue}'s handlers apply what they return.
 */
final class IssueCorrections {

    private IssueCorrections() {
    }

    // ---------------------------------------------------------------- corrections

    static IssueDetailsCorrected correct(IssuePolicies issue, CorrectIssueDetails command, MemberFacts actor,
                                         CollaborationFacts facts) {
        issue.requireNotClosedOrWithdrawn();
        if (!actor.username().equals(issue.raiser) && !issue.isTierMember(facts, actor) && !actor.isCoordinator()) {
            throw violation(DomainRule.NOT_A_TIER_MEMBER_OR_COORDINATOR, actor.username() + " neither raised the "
                    + "issue, sits on " + issue.bodyInForce(facts).name() + ", nor is a coordinator");
        }
        IssueDetails previous = new IssueDetails(issue.title, issue.description, issue.category,
                issue.involvedParties);
        IssueDetails corrected = new IssueDetails(
                command.title() == null ? issue.title : command.title(),
                command.description() == null ? issue.description : command.description(),
                command.category() == null ? issue.category : command.category(),
                command.involvedParties() == null ? issue.involvedParties : command.involvedParties());
        if (corrected.equals(previous)) {
            throw violation(DomainRule.NOTHING_TO_CORRECT, "the correction changes nothing");
        }
        for (String party : corrected.involvedParties()) {
            if (!facts.parties().containsKey(party)) {
                throw violation(DomainRule.PARTY_UNKNOWN, "party " + party + " is not registered");
            }
        }
        if (issue.type == IssueType.CONFLICT && corrected.involvedParties().size() < 2) {
            throw violation(DomainRule.CONFLICT_NEEDS_TWO_PARTIES, "a conflict involves at least two distinct parties");
        }
        List<String> flagged = new ArrayList<>();
        if (issue.ballot != null) {
            for (Ballot cast : issue.ballot.ballots.values()) {
                String party = facts.member(cast.username()).map(MemberFacts::partyId).orElse(cast.partyId());
                if (issue.recusalOf(cast.username(), party).isEmpty()
                    && issue.recusalOf(cast.username(), party, corrected.involvedParties()).isPresent()) {
                    flagged.add(cast.username());
                }
            }
        }
        return new IssueDetailsCorrected(issue.collaborationId, issue.issueId, previous, corrected, List.copyOf(flagged),
                command.reason(), actor.toActor());
    }

    // ---------------------------------------------------------------- root cause and impact

    static RootCauseRecorded rootCause(IssuePolicies issue, RecordRootCause command, MemberFacts actor,
            CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        requireReasonToReplace(issue.rootCauseRecorded, command.reason(), "root cause");
        return new RootCauseRecorded(issue.collaborationId, issue.issueId, command.method(), command.statement(),
                command.reason(), actor.toActor());
    }

    static ImpactAssessed impact(IssuePolicies issue, AssessImpact command, MemberFacts actor,
            CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        requireReasonToReplace(issue.impactAssessed, command.reason(), "impact assessment");
        return new ImpactAssessed(issue.collaborationId, issue.issueId, command.impact(), command.risk(),
                command.reason(), actor.toActor());
    }

    // ---------------------------------------------------------------- actions

    static CorrectiveActionAdded addAction(IssuePolicies issue, AddCorrectiveAction command, MemberFacts actor,
                                           CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        if (!issue.rootCauseRecorded) {
            throw violation(DomainRule.ROOT_CAUSE_NOT_RECORDED, "record the root cause before agreeing actions");
        }
        if (!issue.impactAssessed) {
            throw violation(DomainRule.IMPACT_NOT_ASSESSED, "assess impact and risk before agreeing actions");
        }
        requireOwnerIsMember(facts, command.owner());
        issue.requireUnusedId(command.actionId());
        return new CorrectiveActionAdded(issue.collaborationId, issue.issueId, command.actionId(), command.kind(),
                command.description(), command.owner(), command.dueOn(), actor.toActor());
    }

    static ActionCompleted complete(IssuePolicies issue, CompleteAction command, MemberFacts actor) {
        issue.requireNotClosedOrWithdrawn();
        CapaAction action = requireAction(issue, command.actionId());
        if (!action.owner.equals(actor.username())) {
            throw violation(DomainRule.NOT_THE_ACTION_OWNER, "action " + action.actionId + " is owned by "
                    + action.owner);
        }
        if (action.status == CapaAction.Status.COMPLETED) {
            throw violation(DomainRule.ACTION_ALREADY_COMPLETED, "action " + action.actionId + " is completed");
        }
        requireOpen(action);
        return new ActionCompleted(issue.collaborationId, issue.issueId, command.actionId(), command.note(),
                actor.toActor());
    }

    static ActionReassigned reassign(IssuePolicies issue, ReassignAction command, MemberFacts actor,
                                     CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        CapaAction action = requireOpen(requireAction(issue, command.actionId()));
        requireOwnerIsMember(facts, command.owner());
        if (action.owner.equals(command.owner())) {
            throw violation(DomainRule.ACTION_UNCHANGED, "action " + action.actionId + " is already owned by "
                    + action.owner);
        }
        return new ActionReassigned(issue.collaborationId, issue.issueId, action.actionId, action.owner,
                command.owner(), command.reason(), actor.toActor());
    }

    static ActionRedated redate(IssuePolicies issue, RedateAction command, MemberFacts actor,
            CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        CapaAction action = requireOpen(requireAction(issue, command.actionId()));
        if (action.dueOn.equals(command.dueOn())) {
            throw violation(DomainRule.ACTION_UNCHANGED, "action " + action.actionId + " is already due on "
                    + action.dueOn);
        }
        return new ActionRedated(issue.collaborationId, issue.issueId, action.actionId, action.dueOn,
                command.dueOn(), command.reason(), actor.toActor());
    }

    static ActionCancelled cancel(IssuePolicies issue, CancelAction command, MemberFacts actor,
            CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        CapaAction action = requireOpen(requireAction(issue, command.actionId()));
        return new ActionCancelled(issue.collaborationId, issue.issueId, action.actionId, command.reason(),
                actor.toActor());
    }

    static DueDateExtensionRequested requestExtension(IssuePolicies issue, RequestDueDateExtension command,
                                                      MemberFacts actor) {
        issue.requireNotClosedOrWithdrawn();
        CapaAction action = requireOpen(requireAction(issue, command.actionId()));
        if (!action.owner.equals(actor.username())) {
            throw violation(DomainRule.NOT_THE_ACTION_OWNER, "only " + action.owner + ", who owns action "
                    + action.actionId + ", may ask to extend it");
        }
        if (!command.dueOn().isAfter(action.dueOn)) {
            throw violation(DomainRule.EXTENSION_NOT_LATER, command.dueOn() + " is not after the due date "
                    + action.dueOn);
        }
        if (action.requestedDueOn != null) {
            throw violation(DomainRule.EXTENSION_ALREADY_REQUESTED, "an extension to " + action.requestedDueOn
                    + " awaits the chair's decision");
        }
        return new DueDateExtensionRequested(issue.collaborationId, issue.issueId, action.actionId, action.dueOn,
                command.dueOn(), command.reason(), actor.toActor());
    }

    static DueDateExtensionDecided decideExtension(IssuePolicies issue, DecideDueDateExtension command, MemberFacts actor,
            CollaborationFacts facts) {
        issue.requireNotClosedOrWithdrawn();
        issue.requireChair(facts, actor);
        issue.requireNotRecused(actor);
        CapaAction action = requireOpen(requireAction(issue, command.actionId()));
        if (action.requestedDueOn == null) {
            throw violation(DomainRule.NO_EXTENSION_REQUESTED, "no extension of action " + action.actionId
                    + " was requested");
        }
        return new DueDateExtensionDecided(issue.collaborationId, issue.issueId, action.actionId, command.approve(),
                action.dueOn, action.requestedDueOn, command.reason(), actor.toActor());
    }

    // ---------------------------------------------------------------- effectiveness

    static EffectivenessCheckPlanned planCheck(IssuePolicies issue, PlanEffectivenessCheck command, MemberFacts actor,
            CollaborationFacts facts) {
        requireCapaAuthor(issue, actor, facts);
        requireReasonToReplace(issue.effectivenessCheckPlanned, command.reason(), "effectiveness check plan");
        return new EffectivenessCheckPlanned(issue.collaborationId, issue.issueId, command.criteria(),
                command.dueOn(), command.reason(), actor.toActor());
    }

    /** Segregation of duties: neither an owner of the actions nor the proposer of the adopted resolution checks. */
    static EffectivenessCheckRecorded recordCheck(IssuePolicies issue, RecordEffectivenessCheck command, MemberFacts actor) {
        issue.requireNotClosedOrWithdrawn();
        if (issue.status != IssueStatus.RESOLVED) {
            throw violation(DomainRule.ISSUE_NOT_RESOLVED, "effectiveness is checked on a RESOLVED issue; it is "
                    + issue.status);
        }
        issue.requireNotRecused(actor);
        if (!issue.effectivenessCheckPlanned) {
            throw violation(DomainRule.EFFECTIVENESS_CHECK_NOT_PLANNED, "plan the check (criteria, due date) first");
        }
        issue.requireActionsToVerify();
        long open = issue.actions.values().stream().filter(CapaAction::isOpen).count();
        if (open > 0) {
            throw violation(DomainRule.ACTIONS_STILL_OPEN, open + " action(s) still open");
        }
        Set<String> owners = new HashSet<>();
        issue.actions.values().stream().filter(CapaAction::counts).forEach(a -> owners.add(a.owner));
        if (owners.contains(actor.username()) || actor.username().equals(issue.adoptedProposer)) {
            throw violation(DomainRule.SEGREGATION_OF_DUTIES, actor.username() + " owns an action or proposed the "
                    + "resolution: someone else must check its effectiveness");
        }
        return new EffectivenessCheckRecorded(issue.collaborationId, issue.issueId, command.effective(),
                command.findings(), actor.toActor(), command.signature());
    }

    // ---------------------------------------------------------------- serious breach

    static SeriousBreachFlagged flagBreach(IssuePolicies issue, FlagSeriousBreach command, MemberFacts actor,
            CollaborationFacts facts) {
        issue.requireNotWithdrawn();
        issue.requireTierMemberOrCoordinator(facts, actor);
        if (issue.seriousBreachFlagged) {
            throw violation(DomainRule.SERIOUS_BREACH_ALREADY_FLAGGED, "the issue is already a serious breach");
        }
        return new SeriousBreachFlagged(issue.collaborationId, issue.issueId, command.reason(), actor.toActor());
    }

    static SeriousBreachReported reportBreach(IssuePolicies issue, ReportSeriousBreach command, MemberFacts actor,
            CollaborationFacts facts) {
        issue.requireNotWithdrawn();
        issue.requireTierMemberOrCoordinator(facts, actor);
        if (!issue.seriousBreachFlagged) {
            throw violation(DomainRule.SERIOUS_BREACH_NOT_FLAGGED, "the issue is not flagged as a serious breach");
        }
        if (issue.seriousBreachReported) {
            throw violation(DomainRule.SERIOUS_BREACH_ALREADY_REPORTED, "the serious breach was already notified");
        }
        return new SeriousBreachReported(issue.collaborationId, issue.issueId, command.reference(), command.note(),
                actor.toActor());
    }

    // ---------------------------------------------------------------- shared checks

    private static void requireCapaAuthor(IssuePolicies issue, MemberFacts actor, CollaborationFacts facts) {
        issue.requireNotClosedOrWithdrawn();
        issue.requireTierMemberOrCoordinator(facts, actor);
    }

    private static void requireReasonToReplace(boolean exists, String reason, String what) {
        if (exists && (reason == null || reason.isBlank())) {
            throw violation(DomainRule.REASON_REQUIRED, "replacing the " + what + " needs a reason");
        }
    }

    private static void requireOwnerIsMember(CollaborationFacts facts, String owner) {
        if (facts.member(owner).isEmpty()) {
            throw violation(DomainRule.OWNER_NOT_A_MEMBER, owner + " is not a member");
        }
    }

    private static CapaAction requireAction(IssuePolicies issue, String actionId) {
        CapaAction action = issue.actions.get(actionId);
        if (action == null) {
            throw violation(DomainRule.ACTION_UNKNOWN, "no action " + actionId + " on this issue");
        }
        return action;
    }

    private static CapaAction requireOpen(CapaAction action) {
        if (!action.isOpen()) {
            throw violation(DomainRule.ACTION_NOT_OPEN, "action " + action.actionId + " is " + action.status);
        }
        return action;
    }
}
