package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * Everything about one issue (contract: GET /collaborations/{cid}/issues/{iid}). {@code version} is the aggregate
 * sequence number of the last event applied; {@code closing} is set while the issue is CLOSED.
 */
public record IssueView(String id, String collaborationId, String key, IssueType type, String title, String description,
                        IssueCategory category, Severity severity, IssueStatus status, int tier, String tierName,
                        String owner, String raisedBy, Instant raisedAt, Set<String> involvedParties,
                        List<CommentView> comments, List<EvidenceView> evidence, List<LinkView> links,
                        List<ProposalView> proposals, DecisionView decision, List<ActionView> actions,
                        ClosingView closing, Instant slaDueAt, long version) {

    public record CommentView(String id, String text, String author, String authorParty, Instant at) {
    }

    public record EvidenceView(String id, String title, String uri, String sha256, String attachedBy, Instant at) {
    }

    public record LinkView(String relatedIssueId, String relation, String linkedBy, Instant at) {
    }

    /** {@code status}: OPEN, ADOPTED, REJECTED or SUPERSEDED (lapsed by an escalation). */
    public record ProposalView(String id, String summary, String text, String status, int tier, String proposedBy,
                               Instant proposedAt, List<VoteView> votes) {
    }

    /** {@code signature}: the voter's electronic signature; null only on votes cast before e-signatures. */
    public record VoteView(String username, String partyId, String vote, String comment, Instant at,
                           ElectronicSignature signature) {
    }

    public record DecisionView(String proposalId, String summary, String rationale, int tier, String tierName,
                               int quorum, List<VoteView> votes, String decidedBy, Instant decidedAt) {
    }

    /**
     * How the issue was closed, while it is CLOSED: by whom, when, the note and the closer's electronic signature
     * (null only on issues closed before e-signatures).
     */
    public record ClosingView(String note, String closedBy, Instant closedAt, ElectronicSignature signature) {
    }

    /** {@code status}: OPEN or COMPLETED. */
    public record ActionView(String id, String kind, String description, String owner, String dueOn, String status,
                             String addedBy, Instant addedAt, String completionNote, Instant completedAt) {
    }
}
