package org.concordia.command.issue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.concordia.command.directory.CollaborationDirectory;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.issue.*;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.ElectronicSignature;
/**
 * Proposals and their ballots, part of the Issue aggregate (its class hierarchy): opening a ballot frozen on the body
 * of the ladder in force, votes, the chair's signed close, the deadline, conflicts of interest and corrections of the
 * involved parties (both change who may vote), and how a ballot closes under its decision rule.
 */
abstract class IssueBallots extends IssuePolicies {

    // ---------------------------------------------------------------- proposals and ballots

    @CommandHandler
    void handle(ProposeResolution command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        CollaborationFacts facts = directory.factsOf(collaborationId);
        MemberFacts actor = requireWriter(facts, command.actor());
        requireUnresolved();
        requireTierMemberOrCoordinator(facts, actor);
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


    /**
     * A member of the ballot's body was removed or changed: the ballot closes now if that decided it (as after a
     * vote), by the system; otherwise it stays open and nothing is recorded. Refused once the ballot is closed.
     */
    @CommandHandler
    void handle(ReviewBallot command, CollaborationDirectory directory, DeadlineManager deadlineManager) {
        requireNotClosedOrWithdrawn();
        requireOpenProposal(command.proposalId());
        settleBallotIfDecided(directory.factsOf(collaborationId), ActorContext.SYSTEM, deadlineManager);
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


    // ---------------------------------------------------------------- ballot closing

    /**
     * Closes the ballot once every eligible member has voted, or as NO_QUORUM once the quorum is out of reach. Voting
     * never stops earlier: a majority reached half-way still lets the others record their votes.
     */
    void settleBallotIfDecided(CollaborationFacts facts, ActorContext actor,
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

    void closeBallot(BallotClosure closure, BallotCount count, String why, ActorContext actor,
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

}
