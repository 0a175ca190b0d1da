package org.concordia.infra.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.webhook.StandardWebhooksVerifier;
import org.concordia.infra.integration.webhook.TestEndpoint.Answer;
import org.concordia.infra.integration.webhook.TestEndpoint;
import org.concordia.infra.integration.webhook.WebhookStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks through the running application over real HTTP: subscribe, receive, inspect, retry, delete, restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhooksHttpTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PARTY_REGISTERED = "org.concordia.PartyRegistered.v1";

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static RunningApp.Call cora;
    static RunningApp.Call carl;
    static RunningApp.Call mallory;
    static final List<TestEndpoint> endpoints = new ArrayList<>();
    static int collaborations;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir, "--concordia.webhooks.allow-private-networks=true",
                             "--concordia.webhooks.poll-interval=100ms", "--concordia.webhooks.initial-backoff=200ms",
                             "--concordia.webhooks.max-backoff=1s", "--concordia.webhooks.max-attempts=2",
                             "--concordia.webhooks.connect-timeout=1s", "--concordia.webhooks.request-timeout=5s",
                             "--concordia.webhooks.lease-duration=15s");
        cora = app.user("cora");
        carl = app.user("carl");
        mallory = app.user("mallory");
    }

    @AfterAll
    static void stop() {
        app.close();
        endpoints.forEach(TestEndpoint::close);
    }

    static TestEndpoint endpoint() {
        TestEndpoint endpoint = new TestEndpoint();
        endpoints.add(endpoint);
        return endpoint;
    }

    /** A fresh collaboration coordinated by cora, with a party and carl as a contributor. */
    static String collaboration() {
        String key = "WH" + (char) ('A' + collaborations / 26) + (char) ('A' + collaborations % 26);
        collaborations++;
        String cid = cora.post("/api/v1/collaborations", Map.of("key", key, "name", "Hooks " + key, "kind", "OTHER"))
                         .json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        cora.post("/api/v1/collaborations/" + cid + "/parties",
                  Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"));
        long version = cora.post("/api/v1/collaborations/" + cid + "/members",
                                 Map.of("username", "carl", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")))
                           .json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
        // a subscription created at once must not get these set-up events, though the feed may not have them yet
        return cid;
    }

    static RunningApp.Response subscribe(RunningApp.Call who, String url, List<String> types, String cid) {
        Map<String, Object> body = new HashMap<>();
        body.put("url", url);
        body.put("eventTypes", types);
        body.put("collaborationId", cid);
        return who.post("/api/v1/webhooks", body);
    }

    static void registerParty(String cid, String partyId) {
        assertThat(cora.post("/api/v1/collaborations/" + cid + "/parties",
                             Map.of("partyId", partyId, "name", "Party " + partyId, "role", "SITE")).status())
                .isEqualTo(200);
    }

    @Test
    @Order(1)
    void aCoordinatorSubscribesAndReceivesSignedCloudEventsOfHerCollaboration() throws Exception {
        String cid = collaboration();
        TestEndpoint endpoint = endpoint();
        RunningApp.Response created = subscribe(cora, endpoint.url(), List.of(PARTY_REGISTERED), cid);
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
        assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");

        registerParty(cid, "site-1");
        cora.post("/api/v1/collaborations/" + cid + "/members",
                  Map.of("username", "mallory", "partyId", "site-1", "roles", List.of("OBSERVER"))); // filtered out
        registerParty(cid, "site-2");

        await().atMost(20, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 2);
        List<JsonNode> events = new ArrayList<>();
        for (TestEndpoint.Received request : endpoint.accepted) {
            assertThat(request.header("Content-Type")).startsWith("application/cloudevents+json");
            assertThat(StandardWebhooksVerifier.verify(secret, request.header("webhook-id"),
                                                       request.header("webhook-timestamp"),
                                                       request.header("webhook-signature"), request.body())).isTrue();
            events.add(JSON.readTree(request.body()));
        }
        assertThat(events).extracting(e -> e.get("type").asText()).containsOnly(PARTY_REGISTERED);
        assertThat(events).extracting(e -> e.get("source").asText()).containsOnly("/collaborations/" + cid);
        assertThat(events).extracting(e -> e.at("/data/partyId").asText()).containsExactly("site-1", "site-2");
        assertThat(events.get(0).get("position").asLong()).isLessThan(events.get(1).get("position").asLong());

        await().atMost(10, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/webhooks/" + id + "/deliveries").json()
                                                            .get("items").findValuesAsText("state")
                                                            .equals(List.of("DELIVERED", "DELIVERED")));
        JsonNode log = cora.get("/api/v1/webhooks/" + id + "/deliveries").json();
        assertThat(log.get("total").asLong()).isEqualTo(2);
        JsonNode newest = log.get("items").get(0);
        assertThat(newest.get("eventId").asText()).isEqualTo(events.get(1).get("id").asText());
        assertThat(newest.get("position").asLong()).isEqualTo(events.get(1).get("position").asLong());
        assertThat(newest.get("eventType").asText()).isEqualTo(PARTY_REGISTERED);
        assertThat(newest.get("id").asText()).isEqualTo(endpoint.accepted.get(1).header("webhook-id"));
        assertThat(newest.at("/attempts/0/statusCode").asInt()).isEqualTo(200);
        assertThat(cora.get("/api/v1/webhooks/" + id + "/deliveries/" + newest.get("id").asText()).status())
                .isEqualTo(200);
    }

    @Test
    @Order(2)
    void theSecretCannotBeReadBackAfterCreation() {
        String cid = collaboration();
        RunningApp.Response created = subscribe(cora, "http://127.0.0.1:9/hook", List.of(), cid);
        String id = created.json().get("id").asText();
        String secret = created.json().get("secret").asText();
        String key = secret.substring("whsec_".length());

        for (RunningApp.Response read : List.of(cora.get("/api/v1/webhooks/" + id), cora.get("/api/v1/webhooks"),
                                                app.asAdmin().get("/api/v1/webhooks/" + id),
                                                app.asAdmin().get("/api/v1/webhooks"))) {
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).contains(id).doesNotContain(key).doesNotContain("\"secret\"");
        }
        Document stored = app.bean(MongoDatabase.class).getCollection(WebhookStore.SUBSCRIPTIONS)
                             .find(eq("_id", id)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.toJson()).doesNotContain(key).doesNotContain(key.substring(0, 16));
        assertThat(created.header("Cache-Control")).contains("no-store");

        // an Idempotency-Key does not make the server keep the secret: a repetition is told, not given it again
        Map<String, Object> body = Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of(),
                                          "collaborationId", cid);
        RunningApp.Response first = cora.postWithHeaders("/api/v1/webhooks", body, Map.of("Idempotency-Key", "k-1"));
        assertThat(first.status()).isEqualTo(201);
        String firstKey = first.json().get("secret").asText().substring("whsec_".length());
        RunningApp.Response repeated = cora.postWithHeaders("/api/v1/webhooks", body, Map.of("Idempotency-Key", "k-1"));
        assertThat(repeated.status()).isEqualTo(409);
        assertThat(repeated.header("Location")).isEqualTo(first.header("Location"));
        assertThat(repeated.body()).doesNotContain(firstKey);
        MongoDatabase database = app.bean(MongoDatabase.class);
        for (String collection : database.listCollectionNames()) {
            for (Document doc : database.getCollection(collection).find()) {
                assertThat(doc.toJson()).as(collection).doesNotContain(firstKey).doesNotContain(key);
                if (doc.get("body") instanceof org.bson.types.Binary kept) { // e.g. kept idempotent responses
                    assertThat(new String(kept.getData(), java.nio.charset.StandardCharsets.UTF_8)).as(collection)
                            .doesNotContain(firstKey);
                }
            }
        }
        assertThat(cora.get("/api/v1/webhooks").json().get("items").findValuesAsText("collaborationId")
                       .stream().filter(cid::equals).count()).isEqualTo(2);
        cora.delete(first.header("Location"));
        assertThat(cora.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
    }

    @Test
    @Order(3)
    void onlyCoordinatorsAndAdministratorsManageSubscriptionsAndOutsidersSeeNothing() {
        String cid = collaboration();
        String id = subscribe(cora, "http://127.0.0.1:9/hook", List.of(), cid).json().get("id").asText();
        String hidden = "/api/v1/webhooks/" + id;

        // an outsider: the collaboration and its subscriptions do not exist for him
        assertThat(subscribe(mallory, "http://127.0.0.1:9/hook", List.of(), cid).status()).isEqualTo(404);
        assertThat(subscribe(mallory, "ftp://invalid", List.of(), cid).status()).isEqualTo(404);
        assertThat(mallory.get(hidden).status()).isEqualTo(404);
        assertThat(mallory.get(hidden + "/deliveries").status()).isEqualTo(404);
        assertThat(mallory.post(hidden + "/deliveries/" + id + ".1/retry", Map.of()).status()).isEqualTo(404);
        assertThat(mallory.delete(hidden).status()).isEqualTo(404);
        assertThat(mallory.get("/api/v1/webhooks").json().get("total").asInt()).isZero();
        assertThat(mallory.get(hidden).header("Content-Type")).startsWith("application/problem+json");

        // a contributor belongs to the collaboration but does not manage it
        RunningApp.Response refused = subscribe(carl, "http://127.0.0.1:9/hook", List.of(), cid);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(carl.get(hidden).status()).isEqualTo(404);
        assertThat(carl.delete(hidden).status()).isEqualTo(404);
        assertThat(carl.get("/api/v1/webhooks").body()).doesNotContain(id);

        assertThat(app.anonymous().get("/api/v1/webhooks").status()).isEqualTo(401);
        assertThat(app.anonymous().get(hidden).status()).isEqualTo(401);

        // administrators see and manage every subscription, and may subscribe to any collaboration
        assertThat(app.asAdmin().get(hidden).status()).isEqualTo(200);
        assertThat(app.asAdmin().get("/api/v1/webhooks").body()).contains(id);
        assertThat(subscribe(app.asAdmin(), "http://127.0.0.1:9/hook", List.of(), cid).status()).isEqualTo(201);
        assertThat(cora.get("/api/v1/webhooks").json().get("items").findValuesAsText("collaborationId"))
                .contains(cid);
        assertThat(subscribe(cora, "http://127.0.0.1:9/hook", List.of(), "no-such-collaboration").status())
                .isEqualTo(404);

        assertThat(cora.delete(hidden).status()).isEqualTo(204);
        assertThat(cora.get(hidden).status()).isEqualTo(404);
        assertThat(cora.delete(hidden).status()).isEqualTo(404);
    }

    @Test
    @Order(4)
    void invalidSubscriptionsAreProblemsNamingTheFieldAndNothingIsStored() {
        String cid = collaboration();
        long before = cora.get("/api/v1/webhooks").json().get("total").asLong();

        assertProblem(subscribe(cora, "ftp://example.org/hook", List.of(), cid), "url");
        assertProblem(subscribe(cora, null, List.of(), cid), "url");
        assertProblem(subscribe(cora, "http:///no-host", List.of(), cid), "url");
        assertProblem(subscribe(cora, "http://127.0.0.1:9/hook", List.of("org.concordia.Nothing.v1"), cid),
                      "eventTypes[0]");
        assertProblem(subscribe(cora, "http://127.0.0.1:9/hook", List.of(PARTY_REGISTERED, PARTY_REGISTERED), cid),
                      "eventTypes[1]");
        assertProblem(subscribe(cora, "http://127.0.0.1:9/hook", List.of(), null), "collaborationId");
        assertProblem(cora.post("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook", "collaborationId", cid,
                                                           "secret", "whsec_mine")), "secret");
        assertProblem(cora.postRaw("/api/v1/webhooks", "{\"url\": 7, ", "application/json"), "body");

        assertThat(cora.get("/api/v1/webhooks").json().get("total").asLong()).isEqualTo(before);
    }

    static void assertProblem(RunningApp.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors").findValuesAsText("field")).contains(field);
    }

    @Test
    @Order(5)
    void aDeadLetterIsKeptInTheLogAndRedeliveredOnRequest() {
        String cid = collaboration();
        TestEndpoint endpoint = endpoint().then(Answer.status(500), Answer.status(503));
        String id = subscribe(cora, endpoint.url(), List.of(PARTY_REGISTERED), cid).json().get("id").asText();
        String webhook = "/api/v1/webhooks/" + id;
        registerParty(cid, "dead-1");
        registerParty(cid, "ok-2");

        await().atMost(20, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 1);
        JsonNode deadLetter = cora.get(webhook + "/deliveries").json().get("items").get(1);
        assertThat(deadLetter.get("state").asText()).isEqualTo("DEAD_LETTER");
        assertThat(deadLetter.get("attempts").findValuesAsText("statusCode")).containsExactly("500", "503");
        String did = deadLetter.get("id").asText();

        RunningApp.Response retried = cora.post(webhook + "/deliveries/" + did + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(202);
        await().atMost(10, TimeUnit.SECONDS).until(() -> cora.get(webhook + "/deliveries/" + did).json()
                                                             .get("state").asText().equals("DELIVERED"));
        assertThat(endpoint.accepted).hasSize(2);
        assertThat(endpoint.accepted.get(1).header("webhook-id")).isEqualTo(did);

        RunningApp.Response again = cora.post(webhook + "/deliveries/" + did + "/retry", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("DELIVERY_NOT_DEAD_LETTERED");
        assertThat(cora.post(webhook + "/deliveries/" + id + ".99/retry", Map.of()).status()).isEqualTo(404);
        assertThat(cora.post(webhook + "/deliveries/other.1/retry", Map.of()).status()).isEqualTo(404);
    }

    @Test
    @Order(6)
    void goneDisablesTheSubscriptionVisiblyAndRetriesAreRefused() {
        String cid = collaboration();
        TestEndpoint endpoint = endpoint().then(Answer.status(410));
        String id = subscribe(cora, endpoint.url(), List.of(PARTY_REGISTERED), cid).json().get("id").asText();
        registerParty(cid, "gone-1");
        registerParty(cid, "gone-2");

        await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/webhooks/" + id).json().get("state")
                                                             .asText().equals("DISABLED"));
        assertThat(cora.get("/api/v1/webhooks/" + id).json().get("disabledReason").asText()).contains("410");
        String did = cora.get("/api/v1/webhooks/" + id + "/deliveries").json().at("/items/0/id").asText();
        RunningApp.Response retry = cora.post("/api/v1/webhooks/" + id + "/deliveries/" + did + "/retry", Map.of());
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("rule").asText()).isEqualTo("WEBHOOK_DISABLED");
        assertThat(endpoint.received).hasSize(1);
        assertThat(app.anonymous().get("/actuator/prometheus", "text/plain").body())
                .contains("concordia_webhooks_deliveries_total{outcome=\"disabled\"")
                .contains("concordia_webhooks_attempts_seconds_count");
    }

    @Test
    @Order(7)
    void afterARestartOrAReplayNothingIsSentTwiceAndDeliveriesResume() throws InterruptedException {
        String cid = collaboration();
        TestEndpoint endpoint = endpoint();
        String id = subscribe(cora, endpoint.url(), List.of(PARTY_REGISTERED), cid).json().get("id").asText();
        registerParty(cid, "before-1");
        await().atMost(20, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 1);

        app.restart();
        RunningApp.Call coraAgain = app.as("cora", RunningApp.passwordOf("cora"));
        assertThat(coraAgain.post("/api/v1/collaborations/" + cid + "/parties",
                                  Map.of("partyId", "after-2", "name", "After", "role", "SITE")).status()).isEqualTo(200);
        await().atMost(30, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 2);
        assertThat(endpoint.received).hasSize(2);
        assertThat(endpoint.received).extracting(r -> r.text().contains("before-1"), r -> r.text().contains("after-2"))
                                     .containsExactly(org.assertj.core.groups.Tuple.tuple(true, false),
                                                      org.assertj.core.groups.Tuple.tuple(false, true));
        assertThat(coraAgain.get("/api/v1/webhooks/" + id).json().get("deliveries").asLong()).isEqualTo(2);

        // rebuilding a projection re-reads the events, but webhooks follow the feed by their own cursors
        assertThat(app.asAdmin().post("/api/v1/admin/projections/collaborations/replay", Map.of()).status())
                .isEqualTo(202);
        await().atMost(30, TimeUnit.SECONDS).until(() -> coraAgain.get("/api/v1/collaborations/" + cid).status() == 200);
        Thread.sleep(1_000); // ten polls of the delivery engine
        assertThat(endpoint.received).hasSize(2);
        assertThat(coraAgain.get("/api/v1/webhooks/" + id).json().get("deliveries").asLong()).isEqualTo(2);
    }

    @Test
    @Order(8)
    void aSubscriptionStopsTheMomentItsOwnerIsRemovedFromTheCollaborationAndSaysWhy() throws Exception {
        String cid = collaboration();
        RunningApp.Call cody = app.user("cody");
        assertThat(cora.post("/api/v1/collaborations/" + cid + "/members", Map.of(
                "username", "cody", "partyId", "sponsor", "roles", List.of("COORDINATOR"))).status()).isEqualTo(200);
        // cody's MemberAdded, recorded before the subscription, is not delivered, however late it is fed
        TestEndpoint endpoint = endpoint();
        String id = subscribe(cora, endpoint.url(), List.of(), cid).json().get("id").asText(); // every event type
        registerParty(cid, "while-owner");
        await().atMost(20, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 1);

        assertThat(cody.delete("/api/v1/collaborations/" + cid + "/members/cora?reason=left").status())
                .isEqualTo(200);
        assertThat(cody.post("/api/v1/collaborations/" + cid + "/parties", Map.of(
                "partyId", "after-owner", "name", "After", "role", "SITE")).status()).isEqualTo(200);

        String webhook = "/api/v1/webhooks/" + id;
        await().atMost(20, TimeUnit.SECONDS).until(() -> cody.get(webhook).json().get("state").asText()
                                                             .equals("DISABLED"));
        assertThat(cody.get(webhook).json().get("disabledReason").asText())
                .contains("cora").contains("no longer has access");
        JsonNode withheld = cody.get(webhook + "/deliveries/" + id + ".2").json();
        assertThat(withheld.get("eventType").asText()).isEqualTo("org.concordia.MemberRemoved.v1");
        assertThat(withheld.get("state").asText()).isEqualTo("DEAD_LETTER");
        assertThat(withheld.at("/attempts/0/error").asText()).startsWith("not sent: its owner cora");
        // neither her own removal nor anything after it reached the endpoint
        assertThat(endpoint.received).hasSize(1);
        assertThat(JSON.readTree(endpoint.received.get(0).body()).at("/data/partyId").asText())
                .isEqualTo("while-owner");
        assertThat(cora.get(webhook).status()).isEqualTo(404);
    }

    @Test
    @Order(9)
    void aSubscriptionStopsWhenItsOwnersAccountIsDisabled() {
        String cid = collaboration();
        RunningApp.Call dana = app.user("dana");
        assertThat(cora.post("/api/v1/collaborations/" + cid + "/members", Map.of(
                "username", "dana", "partyId", "sponsor", "roles", List.of("COORDINATOR"))).status()).isEqualTo(200);
        TestEndpoint endpoint = endpoint();
        String id = subscribe(dana, endpoint.url(), List.of(PARTY_REGISTERED), cid).json().get("id").asText();
        registerParty(cid, "while-enabled");
        await().atMost(20, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 1);

        assertThat(app.asAdmin().post("/api/v1/admin/users/dana/disable", Map.of("reason", "left the sponsor"))
                      .status()).isEqualTo(200);
        registerParty(cid, "after-disabled");

        String webhook = "/api/v1/webhooks/" + id;
        await().atMost(20, TimeUnit.SECONDS).until(() -> app.asAdmin().get(webhook).json().get("state").asText()
                                                             .equals("DISABLED"));
        assertThat(app.asAdmin().get(webhook).json().get("disabledReason").asText())
                .contains("dana").contains("disabled");
        assertThat(endpoint.received).hasSize(1);
    }
}
