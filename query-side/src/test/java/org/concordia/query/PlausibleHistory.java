package org.concordia.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.query.testdata.SyntheticCollaboration;
import org.concordia.query.testdata.SyntheticCollaboration.Cast;

/**
 * A plausible, valid history of one small trial for the projection tests: the {@link SyntheticCollaboration}
 * (which the benchmarks generate too) with a cast of seven users over four parties, texts that carry quotes, line
 * breaks and non-ASCII letters, and up to five hours between events; each event a {@link Recorded}.
 */
final class PlausibleHistory {

    record Recorded(String aggregateType, String aggregateId, long seq, Object payload, Instant at) {
    }

    static final String KEY = "TRIAL";
    static final Map<String, String> PARTY_OF = new LinkedHashMap<>();

    static {
        PARTY_OF.put("cora", null);
        PARTY_OF.put("sam.sponsor", "SPON");
        PARTY_OF.put("sita", "SITE");
        PARTY_OF.put("carl", "CRO");
        PARTY_OF.put("tess", "CRO");
        PARTY_OF.put("tom", "UNI");
        PARTY_OF.put("sven", "SPON");
    }

    static final Cast TRIAL = new Cast(KEY, "Trial", List.of("SPON", "SITE", "CRO", "UNI"), PARTY_OF,
            new GovernanceTier("Working group", List.of("sam.sponsor", "sita", "carl"), Duration.ofDays(2),
                               Duration.ofDays(20), 2),
            new GovernanceTier("Steering committee", List.of("tess", "tom", "sven"), Duration.ofDays(3),
                               Duration.ofDays(30), 2),
            List.of("sam.sponsor", "sita", "carl", "tom"), List.of("sita", "sam.sponsor", "tess"), "issue-",
            List.of("deviation", "visit window", "dose", "\"quotes\"", "line\nbreak", "freezer", "consent", "Müller",
                    "sample, delayed", "✓"),
            Duration.ofMinutes(300));
    static final String CID = TRIAL.collaborationId();

    private PlausibleHistory() {
    }

    static List<Recorded> generate(long seed, int issues, int totalEvents) {
        List<Recorded> events = new ArrayList<>(totalEvents);
        new SyntheticCollaboration(TRIAL, seed, issues, totalEvents, Instant.parse("2026-01-05T08:00:00Z"))
                .forEachRemaining(m -> events.add(new Recorded(m.getType(), m.getAggregateIdentifier(),
                                                               m.getSequenceNumber(), m.getPayload(),
                                                               m.getTimestamp())));
        return events;
    }
}
