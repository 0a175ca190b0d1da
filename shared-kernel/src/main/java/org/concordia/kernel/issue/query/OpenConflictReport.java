package org.concordia.kernel.issue.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything not RESOLVED, CLOSED or WITHDRAWN. The {@code by…} maps go from value to count; {@code ageBuckets}
 * has keys LT_7D, D7_30, D30_90, GT_90D. The {@code timeTo…} figures cover every issue (open or not) that got
 * that far, measured from raising to the first acknowledgement / first resolution. Also:
 * {@code resolvedWithOpenActions} (RESOLVED issues whose CAPA actions are not all done, counted apart from
 * {@code totalOpen}), {@code openActions} and {@code overdueActions} (open CAPA actions, and those past due as of
 * {@code now}), and {@code seriousBreaches} with their 7-day notification clock (EU CTR Art. 52). Restricted issues
 * count only in the reports of those who may see them.
 */
public record OpenConflictReport(String collaborationId, long totalOpen, Map<String, Long> byTier,
                                 Map<String, Long> bySeverity, Map<String, Long> byParty,
                                 Map<String, Long> byCategory, Map<String, Long> ageBuckets,
                                 List<SlaBreachedItem> slaBreached, DurationStats timeToAcknowledge,
                                 DurationStats timeToResolve, long resolvedWithOpenActions, long openActions,
                                 long overdueActions, List<SeriousBreachItem> seriousBreaches) {

    /** An open issue whose SLA at its current (top) tier was breached. */
    public record SlaBreachedItem(String issueId, String key, int tier, String phase, Instant breachedAt,
                                  String severity) {
    }

    /** Mean is exact; the median is read from a log-scale histogram (relative error below 0.5 %). Null durations when count is 0. */
    public record DurationStats(long count, Duration mean, Duration median) {
    }

    /** A serious breach: notify by {@code notifyBy}; {@code overdue} when not reported by then (as of {@code now}). */
    public record SeriousBreachItem(String issueId, String key, Instant flaggedAt, Instant notifyBy,
                                    Instant reportedAt, String reference, boolean overdue) {
    }
}
