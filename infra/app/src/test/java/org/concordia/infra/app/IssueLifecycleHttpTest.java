package org.concordia.infra.app;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.concordia.kernel.issue.CommentAdded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** A trial dispute over HTTP, from raising to closing, with the contract's status codes and headers. */
class IssueLifecycleHttpTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static String cid;
    static RunningApp.Call cora, sam, wendy, tom, tess, olga, mallory;

    @BeforeAll
    static void consortium() {
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        sam = app.user("sam");        // sponsor
        wendy = app.user("wendy");    // site, working group
        tom = app.user("tom");        // CRO, steering committee
        tess = app.user("tess");      // academic, steering committee
        olga = app.user("olga");      // observer
        mallory = app.user("mallory"); // not a member
        cid = cora.post("/api/v1/collaborations", Map.of("key", "DISPUTE", "name", "Dispute trial",
                                                          "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        ok(cora.post(c("/parties"), Map.of("partyId", "sponsor", "name", "Helios", "role", "SPONSOR")));
        ok(cora.post(c("/parties"), Map.of("partyId", "site", "name", "Site 12", "role", "SITE")));
        ok(cora.post(c("/parties"), Map.of("partyId", "cro", "name", "Meridian", "role", "CRO")));
        ok(cora.post(c("/parties"), Map.of("partyId", "ctu", "name", "CTU", "role", "ACADEMIC_PARTNER")));
        ok(cora.post(c("/members"), Map.of("username", "sam", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "wendy", "partyId", "site", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "tom", "partyId", "cro", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "tess", "partyId", "ctu", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "olga", "partyId", "ctu", "roles", List.of("OBSERVER"))));
        RunningApp.Response ladder = cora.put(c("/governance"), Map.of("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("wendy"), "acknowledgeWithin", "P2D",
                       "resolveWithin", "P14D", "quorum", 1),
                Map.of("name", "Trial steering committee", "members", List.of("tom", "tess", "sam"),
                       "acknowledgeWithin", "P5D", "resolveWithin", "P30D", "quorum", 2))));
        ok(ladder);
        long version = ladder.json().get("version").asLong();
        // membership is read from the collaboration view: wait until it has caught up
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    private String raiseConflict(String title) {
        RunningApp.Response raised = sam.post(c("/issues"), Map.of(
                "type", "CONFLICT", "title", title, "description", "Sponsor and site disagree",
                "category", "PROTOCOL_DEVIATION", "severity", "HIGH", "involvedParties", List.of("sponsor", "site")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        assertThat(raised.header("Location")).endsWith(raised.json().get("id").asText());
        return raised.json().get("id").asText();
    }

    @Test
    void aConflictGoesFromRaisedToClosedWithRecusalAndCapa() {
        String iid = raiseConflict("Visit window deviation");
        String issue = c("/issues/" + iid);

        RunningApp.Response notTierMember = tom.post(issue + "/acknowledge", Map.of());
        assertThat(notTierMember.status()).isEqualTo(403); // who may act, not the issue's state
        assertThat(notTierMember.json().get("rule").asText()).isEqualTo("NOT_A_TIER_MEMBER");

        ok(sam.post(issue + "/escalate", Map.of("reason", "The working group is a party to it")));
        ok(tom.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(tess.post(issue + "/proposals", Map.of("summary", "Reclassify as minor",
                "text", "Reclassify the deviations as minor and retrain site staff."))).json().get("id").asText();

        RunningApp.Response recused = sam.post(issue + "/proposals/" + proposal + "/votes", Map.of("vote", "APPROVE",
                "signature", sam.signature("APPROVED")));
        assertThat(recused.status()).isEqualTo(409);
        assertThat(recused.json().get("rule").asText()).isEqualTo("VOTER_RECUSED");
        assertThat(recused.header("Content-Type")).startsWith("application/problem+json");

        ok(tom.post(issue + "/proposals/" + proposal + "/votes", Map.of("vote", "APPROVE", "comment", "Fair",
                "signature", tom.signature("APPROVED"))));
        ok(tess.post(issue + "/proposals/" + proposal + "/votes", Map.of("vote", "APPROVE",
                "signature", tess.signature("APPROVED"))));

        String action = ok(tom.post(issue + "/actions", Map.of("kind", "CORRECTIVE",
                "description", "Retrain site staff on visit windows", "owner", "wendy", "dueOn", "2026-12-31")))
                .json().get("id").asText();
        RunningApp.Response tooEarly = tom.post(issue + "/close", Map.of("note", "done?",
                "signature", tom.signature("CLOSED_AS_EFFECTIVE")));
        assertThat(tooEarly.json().get("rule").asText()).isEqualTo("ACTIONS_STILL_OPEN");
        ok(wendy.post(issue + "/actions/" + action + "/complete", Map.of("note", "Training held")));
        RunningApp.Response closed = ok(tom.post(issue + "/close", Map.of("note", "Effective",
                "signature", tom.signature("CLOSED_AS_EFFECTIVE"))));
        assertThat(closed.header("ETag")).isEqualTo("\"" + closed.json().get("version").asLong() + "\"");
    }

    @Test
    void theReadModelsShowTheWholeStoryAndAnyPastInstant() throws Exception {
        RunningApp.Response raisedIssue = sam.post(c("/issues"), Map.of(
                "type", "ISSUE", "title", "Read models", "description", "Query backlog",
                "category", "DATA_QUALITY", "severity", "MEDIUM", "involvedParties", List.of("sponsor")));
        String iid = ok(raisedIssue).json().get("id").asText();
        String issue = c("/issues/" + iid);
        ok(wendy.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(wendy.post(issue + "/proposals", Map.of("summary", "Retrain", "text", "Retrain staff")))
                .json().get("id").asText();
        RunningApp.Response adopted = ok(wendy.post(issue + "/proposals/" + proposal + "/votes",
                                                    Map.of("vote", "APPROVE", "comment", "ok",
                                                           "signature", wendy.signature("APPROVED"))));
        long adoptedVersion = adopted.json().get("version").asLong();
        RunningApp.Response resolvedView = olga.get(issue + "?minVersion=" + adoptedVersion);
        assertThat(resolvedView.status()).isEqualTo(200);
        assertThat(resolvedView.json().get("status").asText()).isEqualTo("RESOLVED");
        java.time.Instant whileResolved = java.time.Instant.now();
        Thread.sleep(20);
        RunningApp.Response closed = ok(wendy.post(issue + "/close", Map.of("note", "Effective",
                "signature", wendy.signature("CLOSED_AS_EFFECTIVE"))));

        RunningApp.Response view = olga.get(issue + "?minVersion=" + closed.json().get("version").asLong());
        assertThat(view.json().get("status").asText()).isEqualTo("CLOSED");
        assertThat(view.json().get("key").asText()).startsWith("DISPUTE-");
        assertThat(view.header("ETag")).isEqualTo("\"" + closed.json().get("version").asLong() + "\"");
        assertThat(olga.get(issue + "?asOf=" + whileResolved).json().get("status").asText()).isEqualTo("RESOLVED");

        assertThat(olga.get(c("/issues?status=CLOSED&size=500")).json().get("items").toString()).contains(iid);
        assertThat(olga.get(c("/decisions")).json().toString()).contains(proposal);
        RunningApp.Response report = olga.get(c("/reports/open-conflicts"));
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().has("totalOpen")).isTrue();

        RunningApp.Response history = olga.get(issue + "/history");
        assertThat(history.json().get(0).get("type").asText()).contains("IssueRaised");
        assertThat(history.json().get(0).get("actor").asText()).isEqualTo("sam");

        RunningApp.Response csv = olga.get(c("/audit-trail?issue=" + iid), "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r?\n");
        assertThat(lines[0]).startsWith("\"position\",\"eventId\",\"type\"");
        assertThat(lines.length - 1).isEqualTo(history.json().size());

        String pending = raiseConflict("Waiting for wendy");
        org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> wendy.get("/api/v1/me/inbox").body().contains(pending));
        assertThat(mallory.get(c("/decisions")).status()).isEqualTo(404);
    }

    @Test
    void outsidersGet404AndReadOnlyRolesGet403() {
        String iid = raiseConflict("Authorship");
        assertThat(mallory.post(c("/issues/" + iid + "/comments"), Map.of("text", "hi")).status()).isEqualTo(404);
        assertThat(mallory.post(c("/issues"), Map.of("type", "ISSUE", "title", "x", "category", "OTHER",
                "severity", "LOW", "involvedParties", List.of("site"))).status()).isEqualTo(404);
        RunningApp.Response observer = olga.post(c("/issues/" + iid + "/comments"), Map.of("text", "hi"));
        assertThat(observer.status()).isEqualTo(403);
        assertThat(observer.json().get("rule").asText()).isEqualTo("READ_ONLY_ROLE");
        // an issue of this collaboration addressed under another collaboration's path is unknown there
        String other = mallory.post("/api/v1/collaborations", Map.of("key", "OTHER", "name", "Other",
                                                                     "kind", "OTHER")).json().get("id").asText();
        mallory.get("/api/v1/collaborations/" + other + "?minVersion=1");
        assertThat(mallory.post("/api/v1/collaborations/" + other + "/issues/" + iid + "/comments",
                                Map.of("text", "sneaky")).status()).isEqualTo(404);
    }

    @Test
    void aStaleIfMatchIsRefusedWith412AndRecordsNothing() {
        String iid = raiseConflict("Stale");
        String issue = c("/issues/" + iid);
        RunningApp.Response first = ok(sam.post(issue + "/comments", Map.of("text", "one")));
        long version = first.json().get("version").asLong();
        ok(sam.post(issue + "/comments", Map.of("text", "two")));

        RunningApp.Response stale = app.as("sam", RunningApp.passwordOf("sam")).postWithHeaders(issue + "/comments",
                Map.of("text", "three"), Map.of("If-Match", "\"" + version + "\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(comments(iid)).hasSize(2);

        RunningApp.Response malformed = app.as("sam", RunningApp.passwordOf("sam")).postWithHeaders(issue + "/comments",
                Map.of("text", "four"), Map.of("If-Match", "banana"));
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void parallelVotesWithTheSameIfMatchLetExactlyOneThrough() throws Exception {
        String iid = raiseConflict("Race");
        String issue = c("/issues/" + iid);
        ok(sam.post(issue + "/escalate", Map.of("reason", "to the committee")));
        ok(tom.post(issue + "/acknowledge", Map.of()));
        RunningApp.Response proposed = ok(tess.post(issue + "/proposals", Map.of("summary", "s", "text", "t")));
        String proposal = proposed.json().get("id").asText();
        String etag = "\"" + proposed.json().get("version").asLong() + "\"";

        ExecutorService threads = Executors.newFixedThreadPool(10);
        List<Future<RunningApp.Response>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String voter = i % 2 == 0 ? "tom" : "tess";
            responses.add(threads.submit(() -> app.as(voter, RunningApp.passwordOf(voter)).postWithHeaders(
                    issue + "/proposals/" + proposal + "/votes", Map.of("vote", "APPROVE", "signature",
                            Map.of("meaning", "APPROVED", "password", RunningApp.passwordOf(voter))),
                    Map.of("If-Match", etag))));
        }
        threads.shutdown();
        List<Integer> codes = new ArrayList<>();
        for (Future<RunningApp.Response> response : responses) {
            codes.add(response.get().status());
        }
        assertThat(codes.stream().filter(code -> code < 300).count()).as(codes.toString()).isEqualTo(1);
        assertThat(codes.stream().filter(code -> code == 412).count()).as(codes.toString()).isEqualTo(9);
    }

    @Test
    void twentyParallelCommentsAreAllRecorded() throws Exception {
        String iid = raiseConflict("Busy");
        ExecutorService threads = Executors.newFixedThreadPool(20);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            statuses.add(threads.submit(() -> sam.post(c("/issues/" + iid + "/comments"),
                                                       Map.of("text", "comment " + n)).status()));
        }
        threads.shutdown();
        for (Future<Integer> status : statuses) {
            assertThat(status.get()).isEqualTo(201);
        }
        assertThat(comments(iid)).hasSize(20);
    }

    @Test
    void anIdempotencyKeyRecordsOnceAndReplaysTheFirstResponse() throws Exception {
        String iid = raiseConflict("Idempotent");
        String path = c("/issues/" + iid + "/comments");
        RunningApp.Call samAgain = app.as("sam", RunningApp.passwordOf("sam"));
        RunningApp.Response first = samAgain.postWithHeaders(path, Map.of("text", "once"), Map.of("Idempotency-Key", "k-1"));
        RunningApp.Response second = samAgain.postWithHeaders(path, Map.of("text", "once"), Map.of("Idempotency-Key", "k-1"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Location")).isEqualTo(first.header("Location"));
        assertThat(comments(iid)).containsExactly("once");

        ExecutorService threads = Executors.newFixedThreadPool(6);
        List<Future<RunningApp.Response>> concurrent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            concurrent.add(threads.submit(() -> samAgain.postWithHeaders(path, Map.of("text", "together"),
                                                                         Map.of("Idempotency-Key", "k-2"))));
        }
        threads.shutdown();
        List<String> bodies = new ArrayList<>();
        for (Future<RunningApp.Response> response : concurrent) {
            assertThat(response.get().status()).isEqualTo(201);
            bodies.add(response.get().body());
        }
        assertThat(bodies).containsOnly(bodies.get(0));
        assertThat(comments(iid)).containsExactly("once", "together");

        RunningApp.Response reused = samAgain.postWithHeaders(path, Map.of("text", "different"),
                                                              Map.of("Idempotency-Key", "k-1"));
        assertThat(reused.status()).isEqualTo(422);
        assertThat(comments(iid)).hasSize(2);
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        String iid = raiseConflict("Big");
        RunningApp.Response big = sam.post(c("/issues/" + iid + "/comments"), Map.of("text", "x".repeat(1_100_000)));
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.header("Content-Type")).startsWith("application/problem+json");
        RunningApp.Response longComment = sam.post(c("/issues/" + iid + "/comments"), Map.of("text", "x".repeat(20_001)));
        assertThat(longComment.status()).isEqualTo(400);
        assertThat(longComment.json().get("errors").get(0).get("field").asText()).isEqualTo("text");
        assertThat(comments(iid)).isEmpty();
    }

    @Test
    void theOpenApiDocumentDescribesTheIssueEndpoints() {
        RunningApp.Response docs = app.anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/collaborations/{cid}/issues/{iid}/proposals/{pid}/votes"))
                .isTrue();
        assertThat(docs.json().at("/paths/~1api~1v1~1collaborations~1{cid}~1issues~1{iid}~1proposals~1{pid}~1votes"
                                  + "/post/responses/409/content/application~1problem+json").isMissingNode()).isFalse();
    }

    private static List<String> comments(String issueId) {
        return app.bean(EventStore.class).readEvents(issueId).asStream()
                  .map(DomainEventMessage::getPayload)
                  .filter(CommentAdded.class::isInstance).map(p -> ((CommentAdded) p).text())
                  .collect(Collectors.toList());
    }
}
