package org.concordia.kernel.issue.query;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Recusal;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.Tally;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * Everything about one issue (contract: GET /collaborations/{cid}/issues/{iid}). {@code version} is the aggregate
 * sequence number of the last event applied; {@code closing} is set while the issue is CLOSED. Beyond the contract's
 * fields: {@code routing} (why it entered at its first tier), {@code restrictedToTiers}, {@code recurrenceOf},
 * declared {@code conflictsOfInterest}, the CAPA record ({@code rootCause}, {@code impact},
 * {@code effectivenessCheck}) and the {@code seriousBreach} notification clock.
 */
public record IssueView(String id, String collaborationId, String key, IssueType type, String title, String description,
                        IssueCategory category, Severity severity, IssueStatus status, int tier, String tierName,
                        String owner, String raisedBy, Instant raisedAt, Set<String> involvedParties,
                        List<CommentView> comments, List<EvidenceView> evidence, List<LinkView> links,
                        List<ProposalView> proposals, DecisionView decision, List<ActionView> actions,
                        ClosingView closing, Instant slaDueAt, long version, String routing,
                        Set<String> restrictedToTiers, String recurrenceOf,
                        List<ConflictOfInterestView> conflictsOfInterest, RootCauseView rootCause, ImpactView impact,
                        EffectivenessCheckView effectivenessCheck, SeriousBreachView seriousBreach) {

    public record CommentView(String id, String text, String author, String authorParty, Instant at) {
    }

    public record EvidenceView(String id, String title, String uri, String sha256, String attachedBy, Instant at) {
    }

    /** {@code relation}: RELATES_TO, DUPLICATES, BLOCKS, or RECURRENCE_OF (set when the issue was raised). */
    public record LinkView(String relatedIssueId, String relation, String linkedBy, Instant at) {
    }

    /**
     * {@code status}: OPEN, ADOPTED, REJECTED, NO_QUORUM or SUPERSEDED (lapsed by an escalation, its ballots kept).
     * The ballot: {@code voters} (the body frozen when it opened), {@code chair}, {@code rule}, {@code recusals} at
     * opening (null fields on proposals made before decision rules), {@code closesAt} (its deadline, if the rule has
     * a voting period); once closed, {@code tally}, {@code closure} and {@code outcomeReason}.
     */
    public record ProposalView(String id, String summary, String text, String status, int tier, String proposedBy,
                               Instant proposedAt, List<VoteView> votes, List<String> voters, String chair,
                               DecisionRule rule, List<Recusal> recusals, Instant closesAt, Tally tally,
                               String closure, String outcomeReason) {
    }

    /**
     * {@code signature}: the voter's electronic signature; null only on votes cast before e-signatures. {@code flag}:
     * why a vote is kept but not counted (its voter was recused after voting); null when counted.
     */
    public record VoteView(String username, String partyId, String vote, String comment, Instant at,
                           ElectronicSignature signature, String flag) {
    }

    /**
     * The adopted decision with the rule it was decided by, its tally, why the ballot closed and, when the chair
     * closed it, the chair's signature. {@code quorum} is the rule's participation quorum.
     */
    public record DecisionView(String proposalId, String summary, String rationale, int tier, String tierName,
                               int quorum, List<VoteView> votes, String decidedBy, Instant decidedAt,
                               DecisionRule rule, Tally tally, String closure, ElectronicSignature closingSignature) {
    }

    /**
     * How the issue was closed, while it is CLOSED: by whom, when, the note and the closer's electronic signature
     * (null only on issues closed before e-signatures). {@code dismissal} (DUPLICATE, NOT_AN_ISSUE, NO_ACTION_NEEDED)
     * when the tier's chair closed it without a vote, with {@code duplicateOf} for a duplicate.
     */
    public record ClosingView(String note, String closedBy, Instant closedAt, ElectronicSignature signature,
                              String dismissal, String duplicateOf) {
    }

    /**
     * {@code status}: OPEN, COMPLETED or CANCELLED; {@code overdue}: OPEN past its due date (as of the read);
     * {@code requestedDueOn}: an extension awaiting the tier chair's decision; {@code cancelReason} once cancelled.
     */
    public record ActionView(String id, String kind, String description, String owner, String dueOn, String status,
                             String addedBy, Instant addedAt, String completionNote, Instant completedAt,
                             String requestedDueOn, String cancelReason, boolean overdue) {
    }

    public record ConflictOfInterestView(String username, String partyId, String reason, Instant declaredAt) {
    }

    /** {@code method}: FIVE_WHYS, FISHBONE, FAULT_TREE, PARETO or OTHER. */
    public record RootCauseView(String method, String statement, String recordedBy, Instant recordedAt) {
    }

    /** {@code risk}: LOW, MEDIUM or HIGH. */
    public record ImpactView(String impact, String risk, String assessedBy, Instant assessedAt) {
    }

    /** The planned check and every check recorded, oldest first; the last one decides whether CAPA is effective. */
    public record EffectivenessCheckView(String criteria, String dueOn, String plannedBy, Instant plannedAt,
                                         List<CheckResultView> results) {
    }

    public record CheckResultView(boolean effective, String findings, String checkedBy, Instant checkedAt,
                                  ElectronicSignature signature) {
    }

    /** EU CTR Art. 52: notify within 7 days of {@code flaggedAt} ({@code notifyBy}); {@code overdue} as of the read. */
    public record SeriousBreachView(String reason, String flaggedBy, Instant flaggedAt, Instant notifyBy,
                                    String reference, Instant reportedAt, boolean overdue) {
    }
}
