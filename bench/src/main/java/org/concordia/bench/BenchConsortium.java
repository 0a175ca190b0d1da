package org.concordia.bench;

import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.query.testdata.SyntheticCollaboration.Cast;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' collaboration: a large trial consortium whose issues are written in the field's words. */
final class BenchConsortium {

    /** Words for titles and descriptions, so free-text search has realistic selectivity. */
    private static final List<String> WORDS = Arrays.asList(("visit window missed dose deviation consent form version "
            + "outdated randomisation error sample shipment delayed temperature excursion freezer storage laboratory "
            + "kit expired source data verification query backlog monitoring report overdue budget invoice dispute "
            + "milestone payment site activation pharmacy blinding unblinded emergency adverse event reporting late "
            + "serious safety signal protocol amendment approval ethics committee regulatory submission publication "
            + "authorship order manuscript draft intellectual property licence agreement data sharing access request "
            + "database lock timeline slippage recruitment target enrolment screening failure eligibility criteria "
            + "waiver imaging central reading discrepancy endpoint adjudication committee charter training record "
            + "missing investigator delegation log signature audit finding capa effectiveness check vendor oversight "
            + "communication escalation meeting minutes action item resource shortage staffing turnover").split(" "));

    static final Cast CAST = new Cast("BENCH", "Bench trial",
            List.of("SPON", "SITE1", "SITE2", "SITE3", "CRO", "DMC", "UNI", "PAT"), users(),
            new GovernanceTier("Working group", List.of("sam", "sita", "carl", "simon"), Duration.ofDays(2),
                               Duration.ofDays(20), 2),
            new GovernanceTier("Steering committee", List.of("tess", "tom", "sven", "dora"), Duration.ofDays(3),
                               Duration.ofDays(30), 2),
            List.of("sam", "sita", "carl", "tom", "simon", "sue", "pat"), List.of("sita", "sam", "tess", "simon"),
            "bench-issue-", WORDS, Duration.ofSeconds(30));

    private BenchConsortium() {
    }

    private static Map<String, String> users() {
        Map<String, String> partyOf = new LinkedHashMap<>();
        partyOf.put("cora", null);
        partyOf.put("sam", "SPON");
        partyOf.put("sita", "SITE1");
        partyOf.put("simon", "SITE2");
        partyOf.put("sue", "SITE3");
        partyOf.put("carl", "CRO");
        partyOf.put("tess", "CRO");
        partyOf.put("dora", "DMC");
        partyOf.put("tom", "UNI");
        partyOf.put("pat", "PAT");
        partyOf.put("sven", "SPON");
        return partyOf;
    }
}
