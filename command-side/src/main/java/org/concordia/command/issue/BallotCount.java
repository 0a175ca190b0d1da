package org.concordia.command.issue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.concordia.command.directory.CollaborationFacts;
import org.concordia.command.directory.MemberFacts;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.Ballot;
import org.concordia.kernel.issue.Recusal;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.issue.VoteChoice;

/**
 * The open ballot counted as things stand: eligibility after recusal, judged now. A ballot whose voter has been
 * recused since is kept and flagged, not counted; a voter removed from the collaboration after voting still counts
 * (the vote was valid when cast). {@code remaining}: eligible members (active, writing, not recused) yet to vote.
 */
record BallotCount(Tally tally, List<Ballot> ballots, int remaining, VoteChoice chairVote) {

    static BallotCount of(IssuePolicies issue, CollaborationFacts facts) {
        OpenBallot ballot = issue.ballot;
        List<Ballot> recorded = new ArrayList<>();
        int approvals = 0;
        int rejections = 0;
        int abstentions = 0;
        int flagged = 0;
        VoteChoice chairVote = null;
        for (Ballot cast : ballot.ballots.values()) {
            String party = facts.member(cast.username()).map(MemberFacts::partyId).orElse(cast.partyId());
            Optional<Recusal> recusal = issue.recusalOf(cast.username(), party);
            if (recusal.isPresent()) {
                recorded.add(cast.flagged("recused after voting: " + IssuePolicies.describe(recusal.get())));
                flagged++;
                continue;
            }
            recorded.add(cast);
            if (cast.vote() == VoteChoice.APPROVE) {
                approvals++;
            } else if (cast.vote() == VoteChoice.REJECT) {
                rejections++;
            } else {
                abstentions++;
            }
            if (cast.username().equals(ballot.chair)) {
                chairVote = cast.vote();
            }
        }
        int remaining = 0;
        for (String voter : ballot.voters) {
            if (ballot.ballots.containsKey(voter)) {
                continue;
            }
            Optional<MemberFacts> member = facts.member(voter);
            if (member.isPresent() && member.get().canWrite()
                && issue.recusalOf(voter, member.get().partyId()).isEmpty()) {
                remaining++;
            }
        }
        int counted = approvals + rejections + abstentions;
        return new BallotCount(new Tally(counted + remaining, approvals, rejections, abstentions, flagged),
                List.copyOf(recorded), remaining, chairVote);
    }

    /** How a tie was settled, for the reason of a rejection. */
    String tieNote(DecisionRule rule) {
        if (rule.threshold() != Threshold.SIMPLE_MAJORITY || tally.approvals() != tally.rejections()
            || tally.approvals() == 0) {
            return "";
        }
        if (!rule.chairHasCastingVote()) {
            return "; a tie, and the rule gives the chair no casting vote";
        }
        return chairVote == null || chairVote == VoteChoice.ABSTAIN
                ? "; a tie, and the chair cast no vote for or against" : "; a tie, the chair's casting vote rejected";
    }
}
