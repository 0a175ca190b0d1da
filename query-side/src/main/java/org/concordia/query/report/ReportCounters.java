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
import java.util.Set;
import java.util.TreeMap;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.kernel.issue.query.OpenConflictReport.DurationStats;
import org.concordia.kernel.issue.query.OpenConflictReport.SeriousBreachItem;
import org.concordia.kernel.issue.query.OpenConflictReport.SlaBreachedItem;
import org.concordia.kernel.issue.query.Viewer;

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
    public long resolvedWithOpenActions;
    /** Open CAPA actions per due day: overdue ones are those due before the report's day. */
    public Map<String, Long> openActionsByDueDay = new TreeMap<>();
    public Map<String, SeriousBreachItem> seriousBreaches = new TreeMap<>();
    /**
     * The counters of restricted issues, apart, per set of visibility keys (joined by a space): a report adds only the
     * groups its viewer may see. Empty in the groups themselves.
     */
    public Map<String, ReportCounters> restricted = new TreeMap<>();
    /**
     * Where the collaboration's as-of snapshots and effect log stand ({@link AsOfLog}); kept in the collaboration's
     * counters document so that it moves with the counters in one write. Null in restricted groups and snapshots.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public AsOfLog asOf;

    public void apply(ReportContribution.Delta delta) {
        groupOf(delta.before()).add(delta.issueId(), delta.before(), -1);
        groupOf(delta.after()).add(delta.issueId(), delta.after(), +1);
        restricted.values().removeIf(ReportCounters::isEmpty);
    }

    private ReportCounters groupOf(ReportContribution c) {
        return c.visibility() == null ? this
                : restricted.computeIfAbsent(String.join(" ", c.visibility()), k -> new ReportCounters());
    }

    private boolean isEmpty() {
        return totalOpen == 0 && slaBreached.isEmpty() && timeToAcknowledge.count == 0 && timeToResolve.count == 0
               && resolvedWithOpenActions == 0 && openActionsByDueDay.isEmpty() && seriousBreaches.isEmpty();
    }

    private void add(String issueId, ReportContribution c, int sign) {
        if (c.resolvedWithOpenActions()) {
            resolvedWithOpenActions += sign;
        }
        c.openActionsDue().forEach(day -> bump(openActionsByDueDay, day, sign));
        if (c.seriousBreach() != null) {
            if (sign > 0) {
                seriousBreaches.put(issueId, c.seriousBreach());
            } else {
                seriousBreaches.remove(issueId);
            }
        }
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

    /** The report of every issue. */
    public OpenConflictReport toReport(String collaborationId, Instant now) {
        return toReport(collaborationId, now, null);
    }

    /** The report of the issues a viewer holding {@code viewerKeys} may see (null: every issue). */
    public OpenConflictReport toReport(String collaborationId, Instant now, Set<String> viewerKeys) {
        ReportCounters visible = this;
        for (Map.Entry<String, ReportCounters> group : restricted.entrySet()) {
            if (Viewer.opens(viewerKeys, List.of(group.getKey().split(" ")))) {
                visible = visible.plus(group.getValue());
            }
        }
        return visible.report(collaborationId, now);
    }

    /** These counters and {@code other}'s, summed (restricted groups left out). */
    private ReportCounters plus(ReportCounters other) {
        ReportCounters sum = new ReportCounters();
        for (ReportCounters c : List.of(this, other)) {
            sum.totalOpen += c.totalOpen;
            sum.resolvedWithOpenActions += c.resolvedWithOpenActions;
            c.byTier.forEach((k, v) -> sum.byTier.merge(k, v, Long::sum));
            c.bySeverity.forEach((k, v) -> sum.bySeverity.merge(k, v, Long::sum));
            c.byParty.forEach((k, v) -> sum.byParty.merge(k, v, Long::sum));
            c.byCategory.forEach((k, v) -> sum.byCategory.merge(k, v, Long::sum));
            c.openByRaisedDay.forEach((k, v) -> sum.openByRaisedDay.merge(k, v, Long::sum));
            c.openActionsByDueDay.forEach((k, v) -> sum.openActionsByDueDay.merge(k, v, Long::sum));
            sum.slaBreached.putAll(c.slaBreached);
            sum.seriousBreaches.putAll(c.seriousBreaches);
            sum.timeToAcknowledge.addAll(c.timeToAcknowledge);
            sum.timeToResolve.addAll(c.timeToResolve);
        }
        return sum;
    }

    private OpenConflictReport report(String collaborationId, Instant now) {
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
        String day = today.toString();
        long openActions = openActionsByDueDay.values().stream().mapToLong(Long::longValue).sum();
        long overdue = openActionsByDueDay.entrySet().stream().filter(e -> e.getKey().compareTo(day) < 0)
                .mapToLong(Map.Entry::getValue).sum();
        List<SeriousBreachItem> serious = seriousBreaches.values().stream()
                .map(b -> new SeriousBreachItem(b.issueId(), b.key(), b.flaggedAt(), b.notifyBy(), b.reportedAt(),
                        b.reference(), b.reportedAt() == null && now.isAfter(b.notifyBy())))
                .sorted(Comparator.comparing(SeriousBreachItem::notifyBy).thenComparing(SeriousBreachItem::issueId))
                .toList();
        return new OpenConflictReport(collaborationId, totalOpen, Map.copyOf(byTier), Map.copyOf(bySeverity),
                Map.copyOf(byParty), Map.copyOf(byCategory), ages, List.copyOf(breached), timeToAcknowledge.stats(),
                timeToResolve.stats(), resolvedWithOpenActions, openActions, overdue, serious);
    }

    /** Count and exact sum of durations, plus a log-scale histogram (1 % buckets) for the median. */
    public static final class Histogram {
        private static final double STEP = Math.log(1.01);

        public long count;
        public long sumMillis;
        public Map<Integer, Long> buckets = new TreeMap<>();

        void addAll(Histogram other) {
            count += other.count;
            sumMillis += other.sumMillis;
            other.buckets.forEach((k, v) -> buckets.merge(k, v, Long::sum));
        }

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
