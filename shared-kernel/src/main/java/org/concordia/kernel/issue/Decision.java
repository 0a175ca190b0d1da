package org.concordia.kernel.issue;

import java.util.List;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.shared.Check;

/**
 * The record of an adopted proposal: its rationale (summary and text), the tier that decided, the rule it decided
 * by, the tally, why the ballot closed, and every ballot (flagged ones included).
 */
public record Decision(String proposalId, String summary, String rationale, int tier, String tierName,
                       DecisionRule rule, Tally tally, BallotClosure closure, List<Ballot> votes) {

    public Decision {
        Check.id("proposalId", proposalId);
        Check.notNull("rationale", rationale);
        Check.notNull("rule", rule);
        Check.notNull("tally", tally);
        Check.notNull("closure", closure);
        votes = List.copyOf(Check.notNull("votes", votes));
    }

    /** A decision as recorded before decision rules: {@code quorum} approvals adopted it. */
    public Decision(String proposalId, String summary, String rationale, int tier, String tierName, int quorum,
                    List<Ballot> votes) {
        this(proposalId, summary, rationale, tier, tierName, DecisionRule.fromApprovalQuorum(quorum),
             Tally.ofLegacy(votes), BallotClosure.APPROVALS_COUNTED, votes);
    }
}
