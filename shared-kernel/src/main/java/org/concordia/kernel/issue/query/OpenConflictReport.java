package org.concordia.kernel.issue.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything not RESOLVED, CLOSED or WITHDRAWN. The {@code by…} maps go from value to count; {@code ageBuckets}
 * has keys LT_7D, D7_30, D30_90, GT_90D. The {@code timeTo…} figures cover every issue (open or not) that got
 * that far, measured from raising to the first acknowledgement / first resolution.
 */
public record OpenConflictReport(String collaborationId, long totalOpen, Map<String, Long> byTier,
                                 Map<String, Long> bySeverity, Map<String, Long> byParty,
                                 Map<String, Long> byCategory, Map<String, Long> ageBuckets,
                                 List<SlaBreachedItem> slaBreached, DurationStats timeToAcknowledge,
                                 DurationStats timeToResolve) {

    /** An open issue whose SLA at its current (top) tier was breached. */
    public record SlaBreachedItem(String issueId, String key, int tier, String phase, Instant breachedAt,
                                  String severity) {
    }

    /** Mean is exact; the median is read from a log-scale histogram (relative error below 0.5 %). Null durations when count is 0. */
    public record DurationStats(long count, Duration mean, Duration median) {
    }
}
