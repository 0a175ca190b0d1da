package org.concordia.query.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.kernel.issue.query.OpenConflictReport.DurationStats;
import org.concordia.kernel.issue.query.OpenConflictReport.SlaBreachedItem;

/**
 * The counters of one collaboration's open-conflict report: a pure in-memory structure, changed only through
 * {@link #apply(ReportContribution.Delta)}. Its size does not grow with the number of issues except for the
 * per-day map (one key per UTC day on which a still-open issue was raised), the duration histograms (one key per
 * 1 % step of duration: a few thousand at most) and the list of open SLA-breached issues.
 */
public final class ReportCounters {

    public long totalOpen;
    public Map<String, Long> byTier = new TreeMap<>();
    public Map<String, Long> bySeverity = new TreeMap<>();
    public Map<String, Long> byParty = new TreeMap<>();
    public Map<String, Long> byCategory = new TreeMap<>();
    public Map<String, Long> openByRaisedDay = new TreeMap<>();
    public Map<String, SlaBreachedItem> slaBreached = new TreeMap<>();
    public Histogram timeToAcknowledge = new Histogram();
    public Histogram timeToResolve = new Histogram();

    public void apply(ReportContribution.Delta delta) {
        add(delta.issueId(), delta.before(), -1);
        add(delta.issueId(), delta.after(), +1);
    }

    private void add(String issueId, ReportContribution c, int sign) {
        if (c.open()) {
            totalOpen += sign;
            bump(byTier, String.valueOf(c.tier()), sign);
            bump(bySeverity, c.severity(), sign);
            bump(byCategory, c.category(), sign);
            c.parties().forEach(p -> bump(byParty, p, sign));
            bump(openByRaisedDay, c.raisedDay(), sign);
        }
        if (c.breach() != null) {
            if (sign > 0) {
                slaBreached.put(issueId, c.breach());
            } else {
                slaBreached.remove(issueId);
            }
        }
        if (c.acknowledgeMillis() != null) {
            timeToAcknowledge.add(c.acknowledgeMillis(), sign);
        }
        if (c.resolveMillis() != null) {
            timeToResolve.add(c.resolveMillis(), sign);
        }
    }

    private static void bump(Map<String, Long> counts, String key, int sign) {
        long n = counts.getOrDefault(key, 0L) + sign;
        if (n == 0) {
            counts.remove(key);
        } else {
            counts.put(key, n);
        }
    }

    public OpenConflictReport toReport(String collaborationId, Instant now) {
        Map<String, Long> ages = new LinkedHashMap<>();
        for (String bucket : List.of("LT_7D", "D7_30", "D30_90", "GT_90D")) {
            ages.put(bucket, 0L);
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        openByRaisedDay.forEach((day, count) -> {
            long age = ChronoUnit.DAYS.between(LocalDate.parse(day), today);
            String bucket = age < 7 ? "LT_7D" : age < 30 ? "D7_30" : age < 90 ? "D30_90" : "GT_90D";
            ages.merge(bucket, count, Long::sum);
        });
        List<SlaBreachedItem> breached = new ArrayList<>(slaBreached.values());
        breached.sort(Comparator.comparing(SlaBreachedItem::breachedAt).thenComparing(SlaBreachedItem::issueId));
        return new OpenConflictReport(collaborationId, totalOpen, Map.copyOf(byTier), Map.copyOf(bySeverity),
                Map.copyOf(byParty), Map.copyOf(byCategory), ages, List.copyOf(breached), timeToAcknowledge.stats(),
                timeToResolve.stats());
    }

    /** Count and exact sum of durations, plus a log-scale histogram (1 % buckets) for the median. */
    public static final class Histogram {
        private static final double STEP = Math.log(1.01);

        public long count;
        public long sumMillis;
        public Map<Integer, Long> buckets = new TreeMap<>();

        void add(long millis, int sign) {
            count += sign;
            sumMillis += sign * millis;
            int bucket = bucketOf(millis);
            long n = buckets.getOrDefault(bucket, 0L) + sign;
            if (n == 0) {
                buckets.remove(bucket);
            } else {
                buckets.put(bucket, n);
            }
        }

        static int bucketOf(long millis) {
            return (int) Math.floor(Math.log1p(Math.max(0, millis)) / STEP);
        }

        static long representative(int bucket) {
            return Math.round(Math.expm1((bucket + 0.5) * STEP));
        }

        DurationStats stats() {
            if (count == 0) {
                return new DurationStats(0, null, null);
            }
            long lower = (count - 1) / 2;
            long upper = count / 2;
            long seen = 0;
            Long lowerValue = null;
            Long upperValue = null;
            for (Map.Entry<Integer, Long> e : new TreeMap<>(buckets).entrySet()) {
                long next = seen + e.getValue();
                if (lowerValue == null && lower < next) {
                    lowerValue = representative(e.getKey());
                }
                if (upper < next) {
                    upperValue = representative(e.getKey());
                    break;
                }
                seen = next;
            }
            return new DurationStats(count, Duration.ofMillis(sumMillis / count),
                    Duration.ofMillis((lowerValue + upperValue) / 2));
        }
    }
}
