package org.concordia.infra.api.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /api/v1/events} over real HTTP: paging, access, resume headers, CloudEvents, bad input. */
class FeedHttpTest {

    static final String BATCH = "application/cloudevents-batch+json";

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static RunningApp.Call cora;
    static String cid;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        cid = collaboration(cora, "FEED");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String collaboration(RunningApp.Call coordinator, String key) {
        String id = coordinator.post("/api/v1/collaborations", Map.of("key", key, "name", key, "kind", "OTHER"))
                               .json().get("id").asText();
        // on a loaded machine the membership check may still miss the brand-new collaboration for a moment
        RunningApp.Response party = await().atMost(20, TimeUnit.SECONDS).until(
                () -> coordinator.post("/api/v1/collaborations/" + id + "/parties",
                                       Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR")),
                response -> response.status() != 404);
        assertThat(party.status()).as(party.body()).isBetween(200, 202);
        app.user("raiser");
        RunningApp.Response raiser = coordinator.post("/api/v1/collaborations/" + id + "/members",
                Map.of("username", "raiser", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")));
        assertThat(raiser.status()).as(raiser.body()).isBetween(200, 202);
        RunningApp.Response ladder = coordinator.put("/api/v1/collaborations/" + id + "/governance", Map.of("tiers",
                List.of(Map.of("name", "Working group", "members", List.of("raiser"), "acknowledgeWithin", "P2D",
                               "resolveWithin", "P14D", "quorum", 1))));
        assertThat(ladder.status()).as(ladder.body()).isBetween(200, 202);
        long version = ladder.json().get("version").asLong();
        assertThat(coordinator.get("/api/v1/collaborations/" + id + "?minVersion=" + version).status()).isEqualTo(200);
        return id;
    }

    /** Raised by "raiser", a CONTRIBUTOR of every test collaboration. */
    static String raise(String collaborationId, String title) {
        RunningApp.Response raised = app.as("raiser", RunningApp.passwordOf("raiser")).post("/api/v1/collaborations/" + collaborationId + "/issues", Map.of(
                "type", "ISSUE", "title", title, "description", "d", "category", "OTHER", "severity", "LOW",
                "involvedParties", List.of("sponsor")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        return raised.json().get("id").asText();
    }

    /** Every event of the store, in its global order. */
    /**
     * The feed positions from..to that a member who is not an administrator is shown: every event but the accounts'
     * (those are for administrators only).
     */
    static List<Long> positionsShownToMembers(long from, long to) {
        try (var events = app.bean(EventStorageEngine.class).readEvents(null, false)) {
            List<Boolean> account = events.map(e -> e.getPayloadType().getPackageName()
                                                     .equals("org.concordia.kernel.account")).toList();
            return java.util.stream.LongStream.rangeClosed(from, to)
                                              .filter(position -> !account.get((int) position - 1)).boxed().toList();
        }
    }

    static List<String> storedEventIds() {
        MongoEngine engine = new MongoEngine(app.bean(EventStorageEngine.class));
        return engine.all();
    }

    record MongoEngine(EventStorageEngine engine) {
        List<String> all() {
            try (var events = engine.readEvents(null, false)) {
                return events.map(TrackedEventMessage::getIdentifier).collect(Collectors.toList());
            }
        }
    }

    record Page(int status, List<JsonNode> events, long resumeAfter, String link, String contentType) {
    }

    static Page page(RunningApp.Call caller, long after, int limit) {
        RunningApp.Response response = caller.get("/api/v1/events?after=" + after + "&limit=" + limit, BATCH);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        response.json().forEach(events::add);
        return new Page(response.status(), events, Long.parseLong(response.header("Concordia-Resume-After")),
                        response.header("Link"), response.header("Content-Type"));
    }

    @Test
    void aCallerSeesOnlyTheEventsOfCollaborationsTheyBelongTo() {
        RunningApp.Call olga = app.user("olga");      // an integration account: an OBSERVER of PRIV
        RunningApp.Call mallory = app.user("mallory"); // a member of nothing
        String privateOne = collaboration(cora, "PRIV");
        assertThat(cora.post("/api/v1/collaborations/" + privateOne + "/members",
                             Map.of("username", "olga", "partyId", "sponsor", "roles", List.of("OBSERVER"))).status())
                .isBetween(200, 202);
        String other = collaboration(app.user("oscar"), "OTHER");
        String issue = raise(privateOne, "visible to members only");

        await().atMost(20, TimeUnit.SECONDS).until(() -> allOf(app.asAdmin()).stream()
                .anyMatch(e -> issue.equals(e.path("subject").asText(null))));

        List<JsonNode> forMallory = allOf(mallory);
        assertThat(forMallory).isEmpty();
        Page malloryPage = page(mallory, 0, 500);
        assertThat(malloryPage.resumeAfter()).as("an outsider still moves on past what it may not see")
                                             .isEqualTo(app.bean(EventFeed.class).head());

        List<JsonNode> forOlga = allOf(olga);
        assertThat(forOlga).isNotEmpty();
        assertThat(forOlga).allSatisfy(e -> assertThat(e.get("source").asText()).isEqualTo("/collaborations/" + privateOne));
        assertThat(forOlga).anySatisfy(e -> assertThat(e.path("subject").asText()).isEqualTo(issue));

        List<JsonNode> forCora = allOf(cora);
        assertThat(forCora).extracting(e -> e.get("source").asText())
                           .contains("/collaborations/" + privateOne, "/collaborations/" + cid)
                           .doesNotContain("/collaborations/" + other);
        assertThat(allOf(app.asAdmin())).extracting(e -> e.get("source").asText())
                                        .contains("/collaborations/" + other, "/collaborations/" + privateOne);
    }

    @Test
    void eventsAreStructuredCloudEventsWithTheContractsAttributes() {
        String collaboration = collaboration(cora, "SHAPE");
        String issue = raise(collaboration, "shape");
        await().atMost(20, TimeUnit.SECONDS).until(() -> allOf(cora).stream()
                .anyMatch(e -> issue.equals(e.path("subject").asText(null))));
        JsonNode raised = allOf(cora).stream().filter(e -> issue.equals(e.path("subject").asText(null)))
                                     .findFirst().orElseThrow();
        assertThat(raised.get("specversion").asText()).isEqualTo("1.0");
        assertThat(raised.get("type").asText()).isEqualTo("org.concordia.IssueRaised.v1");
        assertThat(raised.get("source").asText()).isEqualTo("/collaborations/" + collaboration);
        assertThat(raised.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(raised.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(raised.get("actor").asText()).isEqualTo("raiser");
        assertThat(raised.get("actorparty").asText()).isEqualTo("sponsor");
        assertThat(raised.get("collaborationid").asText()).isEqualTo(collaboration);
        assertThat(raised.get("aggregateid").asText()).isEqualTo(issue);
        assertThat(raised.get("aggregateversion").asLong()).isZero();
        assertThat(raised.get("position").isIntegralNumber()).isTrue();
        assertThat(raised.at("/data/title").asText()).isEqualTo("shape");
        assertThat(raised.at("/data/actor/username").asText()).isEqualTo("raiser");
        assertThat(raised.at("/data/actor").has("system")).as("record components only").isFalse();
    }

    @Test
    void badPositionsAndLimitsAreProblemsNamingTheParameter() {
        for (String[] bad : new String[][]{{"after=-1", "after"}, {"after=abc", "after"}, {"limit=0", "limit"},
                                           {"limit=501", "limit"}, {"limit=ten", "limit"}}) {
            RunningApp.Response response = cora.get("/api/v1/events?" + bad[0]);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().at("/errors/0/field").asText()).as(bad[0]).isEqualTo(bad[1]);
        }
        assertThat(app.anonymous().get("/api/v1/events").status()).isEqualTo(401);
    }

    /** Pages through the whole feed as the caller. */
    static List<JsonNode> allOf(RunningApp.Call caller) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        long head = app.bean(EventFeed.class).head();
        while (after < head) {
            Page page = page(caller, after, 500);
            all.addAll(page.events());
            after = page.resumeAfter();
        }
        Set<String> ids = new HashSet<>();
        all.forEach(e -> assertThat(ids.add(e.get("id").asText())).as("no event twice").isTrue());
        return all;
    }
}
