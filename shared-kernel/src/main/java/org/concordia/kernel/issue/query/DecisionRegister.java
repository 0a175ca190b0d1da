package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.shared.ElectronicSignature;

public record DecisionRegister(String collaborationId, List<Entry> decisions) {

    /**
     * {@code outcome}: ADOPTED, REJECTED, NO_QUORUM or SUPERSEDED (lapsed by an escalation, its signed ballots kept).
     * {@code rationale} is the proposal text; {@code reason} says why it was not adopted. {@code rule}, {@code tally}
     * and {@code closure} as recorded (rule null on rejections recorded before decision rules); {@code quorum} the
     * rule's participation quorum; {@code closingSignature} the chair's when the chair closed the ballot.
     * {@code visibleTo}: the keys that open a restricted issue's entry (see {@link Viewer#keysOf}); null otherwise.
     */
    public record Entry(String issueId, String issueKey, String proposalId, String outcome, String summary,
                        String rationale, int tier, String tierName, int quorum, List<IssueView.VoteView> votes,
                        List<Recusal> recusals, String reason, String decidedBy, Instant decidedAt,
                        DecisionRule rule, Tally tally, String closure,
                        ElectronicSignature closingSignature, List<String> visibleTo) {

        public Entry(String issueId, String issueKey, String proposalId, String outcome, String summary,
                     String rationale, int tier, String tierName, int quorum, List<IssueView.VoteView> votes,
                     List<Recusal> recusals, String reason, String decidedBy, Instant decidedAt) {
            this(issueId, issueKey, proposalId, outcome, summary, rationale, tier, tierName, quorum, votes, recusals,
                 reason, decidedBy, decidedAt, null, null, null, null, null);
        }
    }

    /**
     * A member of the ballot's body who could not vote: {@code ground} PARTY_INVOLVED (their party is involved in the
     * conflict) or DECLARED_CONFLICT (with the declaration's {@code reason}).
     */
    public record Recusal(String username, String partyId, String ground, String reason) {

        public Recusal(String username, String partyId) {
            this(username, partyId, "PARTY_INVOLVED", null);
        }
    }
}
