package org.concordia.infra.integration.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.integration.webhook.TestEndpoint.Answer;
import org.concordia.infra.integration.webhook.WebhookStore.Attempt;
import org.concordia.infra.integration.webhook.WebhookStore.Delivery;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery engine against real local HTTP endpoints and the embedded MongoDB: order, signatures, retries with
 * backoff and {@code Retry-After}, timeouts, dead letters, manual redelivery, 410, isolation between subscriptions,
 * several nodes, restarts, and the URL policy at delivery time.
 */
class WebhookDeliveryEngineTest {

    static final String TYPE = "org.concordia.PartyRegistered.v1";
    static final String OTHER_TYPE = "org.concordia.MemberAdded.v1";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    StoreHarness mongo;
    WebhookStore store;
    SecretCipher cipher = new SecretCipher(new byte[32]);
    InMemoryEventFeed feed = new InMemoryEventFeed();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<AutoCloseable> closeables = new ArrayList<>();
    /** What every subscription's owner is told at delivery: empty while they keep access. */
    final java.util.concurrent.atomic.AtomicReference<java.util.Optional<String>> ownerLostAccess =
            new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.empty());

    @BeforeEach
    void mongo() {
        mongo = StoreHarness.database(dataDir);
        store = new WebhookStore(mongo.database);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        mongo.close();
    }

    static WebhookProperties fast(int maxAttempts, boolean allowPrivate, Duration requestTimeout, int workers) {
        Duration connect = Duration.ofMillis(500);
        return new WebhookProperties(true, allowPrivate, null, maxAttempts, Duration.ofMillis(100), 2.0, 0.1,
                                     Duration.ofSeconds(1), Duration.ofSeconds(30), connect, requestTimeout,
                                     Duration.ofMillis(50), connect.plus(requestTimeout).multipliedBy(2).plusSeconds(1),
                                     100, workers);
    }

    /** Generous timeouts: a spurious client timeout on a loaded machine would mean a (legitimate) repeat. */
    static WebhookProperties fast(int maxAttempts) {
        return fast(maxAttempts, true, Duration.ofSeconds(5), 2);
    }

    WebhookDeliveryEngine engine(WebhookProperties properties) {
        WebhookDeliveryEngine engine = new WebhookDeliveryEngine(store, () -> feed, cipher,
                                                                 new OutboundUrlPolicy(properties.allowPrivateNetworks()),
                                                                 s -> ownerLostAccess.get(), properties,
                                                                 Clock.systemUTC(), meters);
        closeables.add(engine);
        engine.start();
        return engine;
    }

    TestEndpoint endpoint() {
        TestEndpoint endpoint = new TestEndpoint();
        closeables.add(endpoint);
        return endpoint;
    }

    record Registered(String id, String secret) {
    }

    Registered subscribe(String url, String collaborationId, List<String> types) {
        return subscribe(url, collaborationId, types, 0);
    }

    Registered subscribe(String url, String collaborationId, List<String> types, long storeHead) {
        String id = UUID.randomUUID().toString();
        String secret = WebhookSignature.newSecret();
        store.insert(new Subscription(id, url, types, collaborationId, "cora", Instant.now(), WebhookStore.ACTIVE,
                                      null, null, feed.head(), storeHead, 0, 0, List.of(), null,
                                      cipher.encrypt(secret, id)));
        return new Registered(id, secret);
    }

    Delivery delivery(Registered s, long seq) {
        return store.delivery(WebhookStore.deliveryId(s.id(), seq)).orElseThrow();
    }

    /** The delivery's state, or "" while it does not exist yet (for waiting). */
    String state(Registered s, long seq) {
        return store.delivery(WebhookStore.deliveryId(s.id(), seq)).map(Delivery::state).orElse("");
    }

    int attemptCount(Registered s, long seq) {
        return store.delivery(WebhookStore.deliveryId(s.id(), seq)).map(d -> d.attempts().size()).orElse(0);
    }

    static long position(TestEndpoint.Received request) {
        try {
            JsonNode event = JSON.readTree(request.body());
            return event.get("position").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Long> positions(List<TestEndpoint.Received> requests) {
        return requests.stream().map(WebhookDeliveryEngineTest::position).toList();
    }

    @Test
    void deliversTheMatchingEventsInFeedOrderAsSignedStructuredCloudEvents() throws Exception {
        TestEndpoint endpoint = endpoint();
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of(TYPE));
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long p = feed.append("collab-a", TYPE, null).position();
            expected.add(p);
            feed.append("collab-b", TYPE, null);
            feed.append("collab-a", OTHER_TYPE, null);
        }
        engine(fast(3));

        await().atMost(10, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 8);
        assertThat(positions(endpoint.received)).containsExactlyElementsOf(expected);
        for (TestEndpoint.Received request : endpoint.received) {
            assertThat(request.header("Content-Type")).startsWith("application/cloudevents+json");
            assertThat(StandardWebhooksVerifier.verify(sub.secret(), request.header("webhook-id"),
                                                       request.header("webhook-timestamp"),
                                                       request.header("webhook-signature"), request.body()))
                    .as("signature of %s", request.header("webhook-id")).isTrue();
            JsonNode event = JSON.readTree(request.body());
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("type").asText()).isEqualTo(TYPE);
            assertThat(event.get("source").asText()).isEqualTo("/collaborations/collab-a");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(sub, 8).equals(WebhookStore.DELIVERED));
        Delivery first = delivery(sub, 1);
        assertThat(first.position()).isEqualTo(expected.get(0));
        assertThat(first.attempts()).singleElement().satisfies(a -> assertThat(a.statusCode()).isEqualTo(200));
        assertThat(endpoint.received.get(0).header("webhook-id")).isEqualTo(first.id());
        assertThat(meters.counter("concordia.webhooks.deliveries", "outcome", "delivered").count()).isEqualTo(8);
    }

    /**
     * The feed trails the event store: an event recorded just before a subscription was created (typically one its
     * creator caused) can be fed after it. The subscription delivers only what the store recorded after its creation.
     */
    @Test
    void eventsTheStoreHeldWhenTheSubscriptionWasCreatedAreNotDeliveredThoughFedAfterIt() {
        TestEndpoint endpoint = endpoint();
        feed.append("collab-a", TYPE, null, 9L); // fed before: behind the subscription's cursor
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of(), 11);
        feed.append("collab-a", TYPE, null, 10L); // in the store at creation, fed after it
        feed.append("collab-a", TYPE, null, 11L);
        long recordedAfter = feed.append("collab-a", TYPE, null, 12L).position();
        long unknown = feed.append("collab-a", TYPE, null, null).position(); // fed before positions were recorded
        engine(fast(3));

        await().atMost(10, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 2);
        assertThat(positions(endpoint.received)).containsExactly(recordedAfter, unknown);
        assertThat(store.find(sub.id()).orElseThrow().createdSeq()).isEqualTo(2);
    }

    @Test
    void retriesThroughErrorsTimeoutsAndRetryAfterThenDeliversEverythingInOrderWithoutLoss() {
        String retryAt = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(8).atOffset(ZoneOffset.UTC));
        TestEndpoint endpoint = endpoint().then(Answer.status(500), Answer.hang(6_000),
                                                Answer.status(429, "Retry-After", "1"),
                                                Answer.status(503, "Retry-After", retryAt));
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        for (int i = 0; i < 6; i++) {
            feed.append("collab-a", i % 2 == 0 ? TYPE : OTHER_TYPE, "issue-" + i);
        }
        engine(fast(8, true, Duration.ofSeconds(2), 2));

        await().atMost(40, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 6);
        assertThat(positions(endpoint.accepted)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        // the first event was tried five times, always under the same webhook-id
        assertThat(endpoint.received.subList(0, 5)).extracting(r -> r.header("webhook-id"))
                                                   .containsOnly(WebhookStore.deliveryId(sub.id(), 1));
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(sub, 6).equals(WebhookStore.DELIVERED));
        List<Attempt> attempts = delivery(sub, 1).attempts();
        assertThat(attempts).extracting(Attempt::statusCode).containsExactly(500, null, 429, 503, 200);
        assertThat(attempts.get(1).error()).isEqualTo("timed out");
        // Retry-After honoured: seconds, then an HTTP-date
        assertThat(Duration.between(attempts.get(2).at(), attempts.get(3).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(attempts.get(4).at()).isAfterOrEqualTo(Instant.parse(
                DateTimeFormatter.ISO_INSTANT.format(DateTimeFormatter.RFC_1123_DATE_TIME.parse(retryAt))));
        for (long seq = 2; seq <= 6; seq++) {
            assertThat(delivery(sub, seq).attempts()).hasSize(1);
        }
    }

    @Test
    void deadLettersAfterTheLastAttemptMovesOnAndAManualRetryRedelivers() {
        TestEndpoint endpoint = endpoint().then(Answer.status(500), Answer.status(502), Answer.status(500));
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        feed.append("collab-a", TYPE, null);
        feed.append("collab-a", TYPE, null);
        WebhookDeliveryEngine engine = engine(fast(3));

        await().atMost(10, TimeUnit.SECONDS).until(() -> state(sub, 1).equals(WebhookStore.DEAD_LETTER)
                                                          && endpoint.accepted.size() == 1);
        assertThat(delivery(sub, 1).attempts()).extracting(Attempt::statusCode).containsExactly(500, 502, 500);
        assertThat(positions(endpoint.accepted)).containsExactly(2L);
        assertThat(meters.counter("concordia.webhooks.deliveries", "outcome", "dead_letter").count()).isEqualTo(1);

        store.requestRetry(store.find(sub.id()).orElseThrow(), delivery(sub, 1));
        engine.nudge(sub.id());
        await().atMost(10, TimeUnit.SECONDS).until(() -> state(sub, 1).equals(WebhookStore.DELIVERED));
        assertThat(delivery(sub, 1).attempts()).hasSize(4).last().satisfies(a -> {
            assertThat(a.manual()).isTrue();
            assertThat(a.statusCode()).isEqualTo(200);
        });
        assertThat(positions(endpoint.accepted)).containsExactly(2L, 1L);
        assertThat(endpoint.accepted.get(1).header("webhook-id")).isEqualTo(delivery(sub, 1).id());
        assertThat(store.find(sub.id()).orElseThrow().manualRetries()).isEmpty();
    }

    @Test
    void goneDisablesTheSubscription() throws InterruptedException {
        TestEndpoint endpoint = endpoint().then(Answer.status(410));
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        for (int i = 0; i < 3; i++) {
            feed.append("collab-a", TYPE, null);
        }
        engine(fast(5));

        await().atMost(10, TimeUnit.SECONDS).until(() -> !store.find(sub.id()).orElseThrow().active());
        Subscription disabled = store.find(sub.id()).orElseThrow();
        assertThat(disabled.state()).isEqualTo(WebhookStore.DISABLED);
        assertThat(disabled.disabledReason()).contains("410");
        Thread.sleep(500); // ten polls: nothing more may be sent
        assertThat(endpoint.received).hasSize(1);
        assertThat(delivery(sub, 1).state()).isEqualTo(WebhookStore.DEAD_LETTER);
    }

    @Test
    void anOwnerWhoLosesAccessStopsTheSubscriptionAtItsNextDeliveryAndTheLogSaysWhy() {
        TestEndpoint endpoint = endpoint();
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        feed.append("collab-a", TYPE, null);
        engine(fast(5));
        await().atMost(10, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() == 1);

        ownerLostAccess.set(java.util.Optional.of("its owner cora no longer has access to the collaboration"));
        feed.append("collab-a", TYPE, null);
        feed.append("collab-a", TYPE, null);

        await().atMost(10, TimeUnit.SECONDS).until(() -> !store.find(sub.id()).orElseThrow().active());
        Subscription disabled = store.find(sub.id()).orElseThrow();
        assertThat(disabled.state()).isEqualTo(WebhookStore.DISABLED);
        assertThat(disabled.disabledReason()).isEqualTo("its owner cora no longer has access to the collaboration");
        Delivery withheld = delivery(sub, 2);
        assertThat(withheld.state()).isEqualTo(WebhookStore.DEAD_LETTER);
        assertThat(withheld.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.statusCode()).isNull();
            assertThat(attempt.error()).isEqualTo("not sent: its owner cora no longer has access to the collaboration");
        });
        assertThat(endpoint.received).hasSize(1);
        assertThat(store.delivery(WebhookStore.deliveryId(sub.id(), 3)).map(Delivery::attempts).orElse(List.of()))
                .isEmpty();
    }

    @Test
    void aDeadEndpointDoesNotDelayAnotherSubscriptionEvenWithOneWorkerThread() {
        TestEndpoint dead = endpoint().otherwise(Answer.hang(15_000));
        TestEndpoint healthy = endpoint();
        Registered stuck = subscribe(dead.url(), "collab-a", List.of());
        subscribe(healthy.url(), "collab-a", List.of());
        for (int i = 0; i < 5; i++) {
            feed.append("collab-a", TYPE, null);
        }
        engine(fast(3, true, Duration.ofSeconds(10), 1));

        await().atMost(5, TimeUnit.SECONDS).until(() -> healthy.accepted.size() == 5);
        assertThat(positions(healthy.accepted)).containsExactly(1L, 2L, 3L, 4L, 5L);
        // the dead one still has its first request in flight, and sent nothing else
        assertThat(dead.received).hasSize(1);
        assertThat(delivery(stuck, 1).attempts()).isEmpty();
    }

    @Test
    void theUrlPolicyIsCheckedAgainAtDeliveryTime() {
        TestEndpoint endpoint = endpoint();
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of()); // stored as if it had been allowed
        feed.append("collab-a", TYPE, null);
        engine(fast(3, false, Duration.ofSeconds(5), 2));

        await().atMost(10, TimeUnit.SECONDS).until(() -> attemptCount(sub, 1) > 0);
        assertThat(delivery(sub, 1).attempts().get(0).error()).startsWith("refused: url").contains("loopback");
        assertThat(endpoint.received).isEmpty();
    }

    @Test
    void twoNodesShareSubscriptionsWithoutDuplicatesOrReordering() {
        TestEndpoint endpoint = endpoint();
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        engine(fast(3));
        engine(fast(3));
        for (int i = 0; i < 30; i++) {
            feed.append("collab-a", TYPE, null);
        }

        await().atMost(15, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 30);
        await().atMost(5, TimeUnit.SECONDS).until(() -> state(sub, 30).equals(WebhookStore.DELIVERED));
        assertThat(store.find(sub.id()).orElseThrow().createdSeq()).isEqualTo(30);
        assertThat(positions(endpoint.received)).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
    }

    @Test
    void aRestartResumesFromTheStoredCursorAndSendsNothingTwice() throws Exception {
        TestEndpoint endpoint = endpoint();
        Registered sub = subscribe(endpoint.url(), "collab-a", List.of());
        for (int i = 0; i < 3; i++) {
            feed.append("collab-a", TYPE, null);
        }
        WebhookDeliveryEngine first = engine(fast(3));
        await().atMost(10, TimeUnit.SECONDS).until(() -> state(sub, 3).equals(WebhookStore.DELIVERED));
        first.close();

        for (int i = 0; i < 3; i++) {
            feed.append("collab-a", TYPE, null);
        }
        engine(fast(3));
        await().atMost(10, TimeUnit.SECONDS).until(() -> endpoint.accepted.size() >= 6);
        assertThat(positions(endpoint.received)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }
}
