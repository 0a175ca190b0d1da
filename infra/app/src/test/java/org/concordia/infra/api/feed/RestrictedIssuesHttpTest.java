package org.concordia.infra.api.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.webhook.TestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15's restricted issues beyond the views: a member who may not see one finds no trace of it in the audit trail
 * (pages, JSON and CSV downloads, {@code ?issue=}), the HTTP feed, the SSE stream, nor in the webhooks of a
 * subscription they own; a member who may see it (on its tier, or an AUDITOR) finds it in each. The collaboration's
 * audit bundle, its complete record, is for those who see every issue.
 * <p>
 * dana sits on the DMC tier and raises an issue restricted to it; sam (a contributor) and cora (the coordinator) are
 * not on it; audrey is an AUDITOR. After it, sam raises an ordinary issue: once that one shows, the restricted one
 * would have shown too.
 */
class RestrictedIssuesHttpTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static String cid;
    static RunningApp.Call cora, sam, dana, audrey;
    static TestEndpoint coraHook, danaHook;
    static String restricted, ordinary;

    @BeforeAll
    static void aRestrictedIssueThenAnOrdinaryOne() {
        app = new RunningApp(dataDir, "--concordia.webhooks.allow-private-networks=true",
                             "--concordia.webhooks.poll-interval=100ms");
        cora = app.user("cora");
        sam = app.user("sam");
        dana = app.user("dana");
        audrey = app.user("audrey");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "HIDDEN", "name", "Restricted trial",
                                                          "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        for (String[] party : new String[][] {{"sponsor", "SPONSOR"}, {"site", "SITE"},
                {"dmc", "DATA_MONITORING_COMMITTEE"}}) {
            ok(cora.post(c("/parties"), Map.of("partyId", party[0], "name", party[0], "role", party[1])));
        }
        ok(cora.post(c("/members"), Map.of("username", "sam", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "audrey", "partyId", "site", "roles", List.of("AUDITOR"))));
        ok(cora.post(c("/members"), Map.of("username", "dana", "partyId", "dmc",
                                           "roles", List.of("CONTRIBUTOR", "COORDINATOR"))));
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("cora", "sam"), "chair", "cora",
                       "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "decisionRule",
                       Map.of("participationQuorum", 1, "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", true)),
                Map.of("name", "DMC", "members", List.of("dana"), "chair", "dana", "acknowledgeWithin", "P1D",
                       "resolveWithin", "P7D", "decisionRule", Map.of("participationQuorum", 1,
                               "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", false))));
        ladder.put("entryRoutes", List.of(Map.of("category", "SAFETY", "minimumSeverity", "CRITICAL", "level", 2)));
        ladder.put("reason", "The DMC reviews unblinded safety data");
        long version = ok(cora.put(c("/governance"), ladder)).json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);

        coraHook = new TestEndpoint();
        danaHook = new TestEndpoint();
        assertThat(subscribe(cora, coraHook).status()).isEqualTo(201);
        assertThat(subscribe(dana, danaHook).status()).isEqualTo(201);

        restricted = ok(dana.post(c("/issues"), Map.of("type", "ISSUE", "title", "Unblinded liver signal",
                "description", "Arm B", "category", "SAFETY", "severity", "CRITICAL",
                "involvedParties", List.of("dmc"), "restrictedToTiers", List.of("DMC")))).json().get("id").asText();
        ok(dana.post(c("/issues/" + restricted + "/comments"), Map.of("text", "Hepatic enzymes in arm B")));
        ordinary = ok(sam.post(c("/issues"), Map.of("type", "ISSUE", "title", "Nurse shortage", "description", "d",
                "category", "RESOURCING", "severity", "MEDIUM", "involvedParties", List.of("site"))))
                .json().get("id").asText();
        await().atMost(20, TimeUnit.SECONDS).until(() -> sam.get(c("/issues/" + ordinary)).status() == 200
                                                         && dana.get(c("/issues/" + restricted)).status() == 200);
    }

    @AfterAll
    static void stop() {
        app.close();
        coraHook.close();
        danaHook.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    static RunningApp.Response subscribe(RunningApp.Call who, TestEndpoint endpoint) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", endpoint.url());
        body.put("eventTypes", List.of());
        body.put("collaborationId", cid);
        return who.post("/api/v1/webhooks", body);
    }

    @Test
    void theAuditTrailShowsARestrictedIssueOnlyToThoseWhoMaySeeIt() {
        for (String path : List.of(c("/audit-trail"), c("/audit-trail?limit=1000"))) {
            String samSees = ok(sam.get(path)).body();
            assertThat(samSees).contains(ordinary).doesNotContain(restricted).doesNotContain("Unblinded")
                               .doesNotContain("Hepatic");
            assertThat(ok(dana.get(path)).body()).contains(ordinary).contains(restricted).contains("Hepatic");
            assertThat(ok(audrey.get(path)).body()).contains(restricted);
            assertThat(ok(cora.get(path)).body()).doesNotContain(restricted);
        }
        String csv = ok(sam.get(c("/audit-trail"), "text/csv")).body();
        assertThat(csv).contains(ordinary).doesNotContain(restricted).doesNotContain("Unblinded");
        assertThat(ok(audrey.get(c("/audit-trail"), "text/csv")).body()).contains(restricted);

        assertThat(sam.get(c("/audit-trail?issue=" + restricted)).status()).isEqualTo(404);
        assertThat(sam.get(c("/audit-trail?issue=" + restricted + "&limit=10")).status()).isEqualTo(404);
        assertThat(ok(dana.get(c("/audit-trail?issue=" + restricted))).body()).contains("Hepatic");
    }

    @Test
    void theBundleIsForThoseWhoSeeEveryIssueAndProofsOnlyOfWhatTheCallerMaySee() {
        RunningApp.Response refused = cora.get(c("/audit/export"), "application/zip");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("complete record").contains("AUDITOR");
        assertThat(audrey.get(c("/audit/export"), "application/zip").status()).isEqualTo(200); // also seals

        long position = audrey.get(c("/audit-trail?issue=" + restricted)).json().get(0).get("position").asLong();
        long visible = sam.get(c("/audit-trail?issue=" + ordinary)).json().get(0).get("position").asLong();
        await().atMost(20, TimeUnit.SECONDS).until(() -> audrey.get(
                c("/audit/proofs/inclusion?position=" + position)).status() == 200);
        assertThat(cora.get(c("/audit/proofs/inclusion?position=" + position)).status()).isEqualTo(404);
        await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get(
                c("/audit/proofs/inclusion?position=" + visible)).status() == 200);
    }

    @Test
    void theFeedShowsARestrictedIssueOnlyToThoseWhoMaySeeIt() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> feed(sam).contains(ordinary));
        assertThat(feed(sam)).doesNotContain(restricted).doesNotContain("Unblinded").doesNotContain("Hepatic");
        assertThat(feed(cora)).doesNotContain(restricted);
        await().atMost(30, TimeUnit.SECONDS).until(() -> feed(dana).contains(ordinary));
        assertThat(feed(dana)).contains(restricted).contains("Hepatic");
        assertThat(feed(audrey)).contains(restricted);
    }

    static String feed(RunningApp.Call who) {
        return ok(who.get("/api/v1/events?after=0&limit=500")).body();
    }

    @Test
    void theStreamShowsARestrictedIssueOnlyToThoseWhoMaySeeIt() throws Exception {
        int port = app.context().getEnvironment().getProperty("local.server.port", Integer.class);
        assertThat(streamUntilOrdinary(port, "sam")).contains(ordinary).doesNotContain(restricted)
                                                      .doesNotContain("Hepatic");
        assertThat(streamUntilOrdinary(port, "dana")).contains(restricted).contains("Hepatic");
    }

    /** Everything the stream sends {@code user} from the start until the ordinary issue's last event so far. */
    static String streamUntilOrdinary(int port, String user) throws Exception {
        long upTo = lastPositionOf(ordinary);
        try (FeedStreamTest.SseClient client = new FeedStreamTest.SseClient(port, user, null, "lastEventId=0")) {
            assertThat(client.status).isEqualTo(200);
            return client.until(upTo).stream().map(e -> e.data().toString()).collect(Collectors.joining("\n"));
        }
    }

    static long lastPositionOf(String issueId) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> feed(sam).contains(ordinary));
        JsonNode events = sam.get("/api/v1/events?after=0&limit=500").json();
        long last = 0;
        for (JsonNode event : events) {
            if (issueId.equals(event.path("subject").asText())) {
                last = Math.max(last, event.get("position").asLong());
            }
        }
        return last;
    }

    @Test
    void webhooksCarryARestrictedIssueOnlyForOwnersWhoMaySeeIt() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> received(coraHook).contains(ordinary)
                                                         && received(danaHook).contains(ordinary));
        assertThat(received(coraHook)).doesNotContain(restricted).doesNotContain("Unblinded")
                                      .doesNotContain("Hepatic");
        assertThat(received(danaHook)).contains(restricted).contains("Hepatic");
    }

    static String received(TestEndpoint endpoint) {
        List<String> bodies = new ArrayList<>();
        endpoint.received.forEach(r -> bodies.add(new String(r.body(), StandardCharsets.UTF_8)));
        return String.join("\n", bodies);
    }
}
