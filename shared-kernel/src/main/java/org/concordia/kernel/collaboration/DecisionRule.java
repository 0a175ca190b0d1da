package org.concordia.kernel.collaboration;

import java.time.Duration;
import org.concordia.kernel.issue.BallotOutcome;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.shared.Check;

/**
 * How a tier's body decides a ballot.
 * <ul>
 *   <li>{@code participationQuorum}: how many eligible members (after recusal) must cast a ballot — APPROVE, REJECT
 *       or ABSTAIN — for the ballot to decide anything; below it the outcome is NO_QUORUM.</li>
 *   <li>{@code threshold}: the share of APPROVE among the votes for or against. ABSTAIN counts toward the quorum
 *       but not in the threshold's denominator; a ballot where everyone abstained adopts nothing.</li>
 *   <li>{@code chairHasCastingVote}: on a SIMPLE_MAJORITY tie the chair's own APPROVE or REJECT decides (the chair
 *       votes once; that ballot is also the casting vote). Without it, or if the chair did not vote for or
 *       against, a tie rejects.</li>
 *   <li>{@code votingPeriod}: how long a ballot stays open before its deadline closes it; null for no deadline of
 *       its own (it then closes when every eligible member has voted, when the chair closes it, or lapses with
 *       an escalation).</li>
 * </ul>
 */
public record DecisionRule(int participationQuorum, Threshold threshold, boolean chairHasCastingVote,
                           Duration votingPeriod) {

    public DecisionRule {
        Check.atLeast("participationQuorum", participationQuorum, 1);
        Check.notNull("threshold", threshold);
        if (votingPeriod != null && (votingPeriod.isNegative() || votingPeriod.isZero())) {
            throw new IllegalArgumentException("votingPeriod: must be positive");
        }
    }

    /**
     * The rule a tier defined before decision rules (a quorum of {@code quorum} APPROVE votes) is read as: at least
     * {@code quorum} members take part, a simple majority of the votes for or against adopts, no casting vote, no
     * ballot deadline. It keeps the old bar of participation and stops a minority of approvals from adopting.
     */
    public static DecisionRule fromApprovalQuorum(int quorum) {
        return new DecisionRule(quorum, Threshold.SIMPLE_MAJORITY, false, null);
    }

    /**
     * What a ballot with this tally decides. {@code chairVote} is the chair's own counted vote (null if the chair
     * did not vote, is recused, or the tier has no chair).
     */
    public BallotOutcome outcome(Tally tally, VoteChoice chairVote) {
        // if/else, not an enum switch: that would compile to a synthetic non-record class in the contract
        if (tally.participation() < participationQuorum) {
            return BallotOutcome.NO_QUORUM;
        }
        int forOrAgainst = tally.approvals() + tally.rejections();
        if (forOrAgainst == 0) {
            return BallotOutcome.REJECTED;
        }
        boolean adopted;
        if (threshold == Threshold.SIMPLE_MAJORITY) {
            boolean tie = tally.approvals() == tally.rejections();
            adopted = tally.approvals() > tally.rejections()
                      || tie && chairHasCastingVote && chairVote == VoteChoice.APPROVE;
        } else if (threshold == Threshold.TWO_THIRDS) {
            adopted = 3L * tally.approvals() >= 2L * forOrAgainst;
        } else {
            adopted = tally.rejections() == 0;
        }
        return adopted ? BallotOutcome.ADOPTED : BallotOutcome.REJECTED;
    }

    /** "quorum 3, simple majority, chair's casting vote": for reasons and printed records. */
    public String describe() {
        return "quorum " + participationQuorum + ", " + threshold.name().toLowerCase().replace('_', ' ')
               + (chairHasCastingVote ? ", chair's casting vote" : "");
    }
}
