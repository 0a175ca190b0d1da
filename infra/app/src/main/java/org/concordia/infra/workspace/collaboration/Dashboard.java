package org.concordia.infra.workspace.collaboration;

import org.concordia.infra.workspace.support.Format;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.query.OpenConflictReport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committee's dashboard, ready to draw: the open-conflict report's counts as labelled series (one chart
 * each, with the same numbers as a table), and the SLA-breached issues with how long they are overdue: all of them
 * counted ({@code breachedTotal}), the {@link #BREACHES_LISTED} longest overdue listed (a consortium with tens of
 * thousands of breaches would otherwise get a page of megabytes). Labels come from the collaboration as it stood at
 * the same instant (tier and party names). The serious breaches (EU CTR Art. 52) with their 7-day notification clock:
 * not yet notified first, the overdue at the top, then by their deadline.
 */
public record Dashboard(Instant at, boolean asOf, long totalOpen, List<Chart> charts, List<Breach> breaches,
                        int breachedTotal, OpenConflictReport.DurationStats timeToAcknowledge,
                        OpenConflictReport.DurationStats timeToResolve, List<SeriousBreach> seriousBreaches) {

    static final int BREACHES_LISTED = 50;

    public record Bar(String key, String label, long count) {
    }

    public record Chart(String id, String title, List<Bar> bars) {
        public long total() {
            return bars.stream().mapToLong(Bar::count).sum();
        }
    }

    /** {@code overdue}: from the breach to the dashboard's instant. */
    public record Breach(String issueId, String key, int tier, String tierName, String phase, Instant breachedAt,
                  Duration overdue, String severity) {
    }

    /**
     * A serious breach and its notification clock: {@code left} from the dashboard's instant to {@code notifyBy}
     * (negative once past it); {@code overdue} as the report says (not notified by {@code notifyBy}).
     */
    public record SeriousBreach(String issueId, String key, Instant flaggedAt, Instant notifyBy, Instant reportedAt,
                                String reference, boolean overdue, Duration left) {
        public boolean notified() {
            return reportedAt != null;
        }
    }

    private static final Map<String, String> AGE_BUCKETS = new LinkedHashMap<>();

    static {
        AGE_BUCKETS.put("LT_7D", "Under 7 days");
        AGE_BUCKETS.put("D7_30", "7 to 30 days");
        AGE_BUCKETS.put("D30_90", "30 to 90 days");
        AGE_BUCKETS.put("GT_90D", "Over 90 days");
    }

    static Dashboard of(OpenConflictReport report, CollaborationView collaboration, Instant at, boolean asOf,
                        Format format) {
        List<GovernanceTier> tiers = collaboration.governance() == null ? List.of()
                : collaboration.governance().tiers();
        Map<String, String> tierNames = new LinkedHashMap<>();
        for (int level = 1; level <= tiers.size(); level++) {
            tierNames.put(String.valueOf(level), level + " · " + tiers.get(level - 1).name());
        }
        Map<String, String> partyNames = new LinkedHashMap<>();
        collaboration.parties().forEach(p -> partyNames.put(p.partyId(), p.name()));

        List<Chart> charts = List.of(
                chart("tier", "Open by tier", report.byTier(), tierNames, key -> "Tier " + key),
                chart("severity", "Open by severity", report.bySeverity(),
                      ordered("CRITICAL", "HIGH", "MEDIUM", "LOW", format), format::words),
                chart("party", "Open by involved party", report.byParty(), partyNames, key -> key),
                chart("category", "Open by category", report.byCategory(), Map.of(), format::words),
                chart("age", "Open by age", report.ageBuckets(), AGE_BUCKETS, key -> key));

        List<Breach> breaches = new ArrayList<>();
        for (OpenConflictReport.SlaBreachedItem item : report.slaBreached()) {
            String tierName = item.tier() >= 1 && item.tier() <= tiers.size() ? tiers.get(item.tier() - 1).name() : "";
            breaches.add(new Breach(item.issueId(), item.key(), item.tier(), tierName, item.phase(), item.breachedAt(),
                                    Duration.between(item.breachedAt(), at), item.severity()));
        }
        breaches.sort((a, b) -> b.overdue().compareTo(a.overdue()));
        List<SeriousBreach> serious = new ArrayList<>();
        if (report.seriousBreaches() != null) {
            for (OpenConflictReport.SeriousBreachItem item : report.seriousBreaches()) {
                serious.add(new SeriousBreach(item.issueId(), item.key(), item.flaggedAt(), item.notifyBy(),
                                              item.reportedAt(), item.reference(), item.overdue(),
                                              Duration.between(at, item.notifyBy())));
            }
        }
        serious.sort(Comparator.comparing(SeriousBreach::notified)
                               .thenComparing(SeriousBreach::overdue, Comparator.reverseOrder())
                               .thenComparing(SeriousBreach::notifyBy));
        return new Dashboard(at, asOf, report.totalOpen(), charts,
                             List.copyOf(breaches.subList(0, Math.min(BREACHES_LISTED, breaches.size()))),
                             breaches.size(), report.timeToAcknowledge(), report.timeToResolve(),
                             List.copyOf(serious));
    }

    private static Map<String, String> ordered(String a, String b, String c, String d, Format format) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String key : List.of(a, b, c, d)) {
            labels.put(key, format.words(key));
        }
        return labels;
    }

    /** Known keys first, in their order (zero counts kept so charts keep their shape); then any other key. */
    private static Chart chart(String id, String title, Map<String, Long> counts, Map<String, String> known,
                               java.util.function.Function<String, String> label) {
        List<Bar> bars = new ArrayList<>();
        known.forEach((key, name) -> bars.add(new Bar(key, name, counts.getOrDefault(key, 0L))));
        counts.entrySet().stream()
              .filter(e -> !known.containsKey(e.getKey()))
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .forEach(e -> bars.add(new Bar(e.getKey(), label.apply(e.getKey()), e.getValue())));
        return new Chart(id, title, bars);
    }
}
