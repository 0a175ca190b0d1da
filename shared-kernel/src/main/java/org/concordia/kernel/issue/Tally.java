package org.concordia.kernel.issue;

import org.concordia.kernel.shared.Check;

/**
 * The count of a ballot when it closed. {@code eligible}: members who could vote on it after recusal (null on
 * ballots decided before decision rules, when it was not recorded); the three counts are counted ballots only;
 * {@code flagged}: ballots cast by members recused after voting — kept in the record, not counted.
 */
public record Tally(Integer eligible, int approvals, int rejections, int abstentions, int flagged) {

    public Tally {
        Check.atLeast("approvals", approvals, 0);
        Check.atLeast("rejections", rejections, 0);
        Check.atLeast("abstentions", abstentions, 0);
        Check.atLeast("flagged", flagged, 0);
    }

    /** The tally of ballots recorded before decision rules: all counted, eligibility not recorded. */
    public static Tally ofLegacy(java.util.List<Ballot> votes) {
        int approve = 0;
        int reject = 0;
        int abstain = 0;
        for (Ballot b : votes) {
            if (b.vote() == VoteChoice.APPROVE) {
                approve++;
            } else if (b.vote() == VoteChoice.REJECT) {
                reject++;
            } else {
                abstain++;
            }
        }
        return new Tally(null, approve, reject, abstain, 0);
    }

    /** Counted ballots of every kind: what the participation quorum is measured against. */
    public int participation() {
        return approvals + rejections + abstentions;
    }

    /** "2 for, 1 against, 1 abstaining of 4 eligible". */
    public String describe() {
        return approvals + " for, " + rejections + " against, " + abstentions + " abstaining"
               + (eligible == null ? "" : " of " + eligible + " eligible")
               + (flagged == 0 ? "" : ", " + flagged + " flagged (recused after voting, not counted)");
    }
}
