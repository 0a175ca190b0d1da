package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;

public record DecisionRegister(String collaborationId, List<Entry> decisions) {

    /** {@code outcome}: ADOPTED or REJECTED. {@code rationale} is the proposal text; {@code reason} says why it was rejected. */
    public record Entry(String issueId, String issueKey, String proposalId, String outcome, String summary,
                        String rationale, int tier, String tierName, int quorum, List<IssueView.VoteView> votes,
                        List<Recusal> recusals, String reason, String decidedBy, Instant decidedAt) {
    }

    /** A member of the tier's body who could not vote because their party is involved in the conflict. */
    public record Recusal(String username, String partyId) {
    }
}
