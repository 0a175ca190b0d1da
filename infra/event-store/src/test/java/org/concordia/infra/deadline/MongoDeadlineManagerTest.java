package org.concordia.infra.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.concordia.infra.deadline.DeadlineTestSupport.Delivery;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.deadline.DeadlineTestSupport.RecordingIssueScopes;
import org.concordia.infra.deadline.DeadlineTestSupport.SlaBreached;
import org.concordia.infra.deadline.DeadlineTestSupport.TestScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.concordia.infra.deadline.DeadlineTestSupport.issueScope;

class MongoDeadlineManagerTest {

    private static final Instant START = Instant.parse("2030-01-15T10:00:00Z");

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;
    private StoreHarness store;
    private MongoDatabase database;
    private MutableClock clock;
    private RecordingIssueScopes scopes;
    private MongoDeadlineManager manager;

    @BeforeEach
    void setUp() {
        store = StoreHarness.database(dataDir);
        database = store.database;
        clock = new MutableClock(START);
        scopes = new RecordingIssueScopes();
        manager = newManager().build();
    }

    @AfterEach
    void tearDown() {
        manager.shutdown();
        store.close();
    }

    private MongoDeadlineManager.Builder newManager() {
        return MongoDeadlineManager.builder()
                                   .database(database)
                                   .scopeAwareProvider(scopes)
                                   .serializer(JacksonSerializer.defaultSerializer())
                                   .clock(clock)
                                   .retryDelay(Duration.ofSeconds(10), Duration.ofMinutes(1))
                                   .maxAttempts(3);
    }

    private MongoCollection<Document> entries() {
        return database.getCollection("deadline_entries");
    }

    private MongoCollection<Document> buckets() {
        return database.getCollection("deadline_buckets");
    }

    @Test
    void firesAtTheDueTimeWithPayloadMetaDataAndScope() {
        GenericDeadlineMessage<SlaBreached> message = new GenericDeadlineMessage<>(
                "sla", new SlaBreached("ISS-1", "CRITICAL"), MetaData.with("traceId", "t-1"));
        manager.schedule(START.plusSeconds(90), "sla", message, issueScope("ISS-1"));

        assertThat(manager.pollOnce()).isZero();
        clock.advance(Duration.ofSeconds(89));
        assertThat(manager.pollOnce()).isZero();
        assertThat(scopes.deliveries).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.pollOnce()).isEqualTo(1);

        assertThat(scopes.deliveries).hasSize(1);
        Delivery delivery = scopes.deliveries.get(0);
        assertThat(delivery.deadlineName()).isEqualTo("sla");
        assertThat(delivery.payload()).isEqualTo(new SlaBreached("ISS-1", "CRITICAL"));
        assertThat(delivery.metaData()).containsEntry("traceId", "t-1");
        assertThat(delivery.issueId()).isEqualTo("ISS-1");
        assertThat(delivery.messageId()).isEqualTo(message.getIdentifier());
        assertThat(entries().countDocuments()).isZero();

        clock.advance(Duration.ofMinutes(10));
        assertThat(manager.pollOnce()).isZero();
        assertThat(scopes.deliveries).hasSize(1);
        assertThat(buckets().countDocuments()).as("drained buckets are removed").isZero();
    }

    @Test
    void deadlineInThePastFiresOnTheNextPoll() {
        manager.schedule(START.minusSeconds(3600), "sla", new SlaBreached("ISS-1", "LOW"), issueScope("ISS-1"));
        assertThat(manager.pollOnce()).isEqualTo(1);
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "LOW"));
    }

    @Test
    void nullPayloadIsDelivered() {
        manager.schedule(START.plusSeconds(1), "reminder", null, issueScope("ISS-1"));
        clock.advance(Duration.ofSeconds(1));
        manager.pollOnce();
        assertThat(scopes.deliveries).hasSize(1);
        assertThat(scopes.deliveries.get(0).payload()).isNull();
    }

    @Test
    void cancelSchedulePreventsFiring() {
        String id = manager.schedule(START.plusSeconds(30), "sla", new SlaBreached("ISS-1", "HIGH"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(30), "sla", new SlaBreached("ISS-2", "HIGH"), issueScope("ISS-2"));

        manager.cancelSchedule("other-name", id); // wrong name: no effect
        assertThat(entries().countDocuments()).isEqualTo(2);
        manager.cancelSchedule("sla", id);
        assertThat(entries().countDocuments()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-2", "HIGH"));
    }

    @Test
    void cancelAllWithinScopePreventsFiringOnlyForThatNameAndScope() {
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-1", "a"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(3600), "sla", new SlaBreached("ISS-1", "b"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(60), "reminder", new SlaBreached("ISS-1", "c"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-2", "d"), issueScope("ISS-2"));

        manager.cancelAllWithinScope("sla", issueScope("ISS-1"));

        clock.advance(Duration.ofHours(2));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactlyInAnyOrder(new SlaBreached("ISS-1", "c"),
                                                                  new SlaBreached("ISS-2", "d"));
        assertThat(database.getCollection("deadline_scopes").countDocuments()).isZero();
    }

    @Test
    void cancelAllWithinCurrentScopeUsesTheScopeOfTheCaller() throws Exception {
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-1", "a"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-2", "b"), issueScope("ISS-2"));

        new TestScope(issueScope("ISS-1")).run(() -> manager.cancelAllWithinScope("sla"));

        clock.advance(Duration.ofMinutes(2));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-2", "b"));
    }

    @Test
    void cancelAllPreventsFiringOfThatNameButNotOfLaterSchedules() {
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-1", "a"), issueScope("ISS-1"));
        manager.schedule(START.plusSeconds(7200), "sla", new SlaBreached("ISS-2", "b"), issueScope("ISS-2"));
        manager.schedule(START.plusSeconds(60), "reminder", new SlaBreached("ISS-3", "c"), issueScope("ISS-3"));

        manager.cancelAll("sla");
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-4", "d"), issueScope("ISS-4"));

        clock.advance(Duration.ofHours(3));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactlyInAnyOrder(new SlaBreached("ISS-3", "c"),
                                                                  new SlaBreached("ISS-4", "d"));
        assertThat(entries().countDocuments()).as("cancelled entries are purged when they come due").isZero();
    }

    @Test
    void scheduleInRolledBackUnitOfWorkPersistsNothing() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        manager.schedule(START.plusSeconds(10), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        assertThat(entries().countDocuments()).as("nothing written before prepare-commit").isZero();
        uow.rollback();

        assertThat(entries().countDocuments()).isZero();
        assertThat(buckets().countDocuments()).isZero();
        clock.advance(Duration.ofMinutes(1));
        manager.pollOnce();
        assertThat(scopes.deliveries).isEmpty();
    }

    @Test
    void scheduleInCommittedUnitOfWorkIsPersistedAndFires() {
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        String id = manager.schedule(START.plusSeconds(10), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        assertThat(entries().countDocuments()).isZero();
        uow.commit();

        assertThat(entries().find(Filters.eq("_id", id)).first()).isNotNull();
        clock.advance(Duration.ofSeconds(10));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "x"));
    }

    @Test
    void cancelInRolledBackUnitOfWorkCancelsNothing() {
        String id = manager.schedule(START.plusSeconds(10), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        manager.cancelSchedule("sla", id);
        manager.cancelAllWithinScope("sla", issueScope("ISS-1"));
        manager.cancelAll("sla");
        uow.rollback();

        clock.advance(Duration.ofSeconds(10));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "x"));
    }

    @Test
    void failingHandlerIsRetriedWithBackoffThenMarkedFailedAndKept() {
        scopes.failWhen = payload -> true;
        String id = manager.schedule(START.plusSeconds(5), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));

        clock.advance(Duration.ofSeconds(5));
        manager.pollOnce();
        assertThat(entry(id).getString("status")).isEqualTo("SCHEDULED");
        assertThat(entry(id).getInteger("attempts")).isEqualTo(1);
        assertThat(entry(id).getString("lastError")).contains("handler failed");

        clock.advance(Duration.ofSeconds(9));
        manager.pollOnce();
        assertThat(entry(id).getInteger("attempts")).as("backoff not elapsed yet").isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        manager.pollOnce();
        assertThat(entry(id).getInteger("attempts")).isEqualTo(2);

        clock.advance(Duration.ofSeconds(20));
        manager.pollOnce();
        Document failed = entry(id);
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        assertThat(failed.getInteger("attempts")).isEqualTo(3);

        clock.advance(Duration.ofHours(1));
        manager.pollOnce();
        manager.pollOnce();
        assertThat(scopes.attempts.values().iterator().next()).hasValue(3);
        assertThat(entry(id).getString("status")).isEqualTo("FAILED");
        assertThat(buckets().countDocuments()).as("a failed deadline does not block the cursor").isZero();

        manager.cancelAllWithinScope("sla", issueScope("ISS-1"));
        assertThat(entry(id)).as("failed deadlines are kept for investigation").isNotNull();
    }

    @Test
    void handlerThatFailsOnceSucceedsOnRetry() {
        scopes.failWhen = payload -> scopes.attempts.values().stream().allMatch(a -> a.get() <= 1);
        manager.schedule(START.plusSeconds(5), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));

        clock.advance(Duration.ofSeconds(5));
        manager.pollOnce();
        assertThat(scopes.deliveries).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "x"));
        assertThat(entries().countDocuments()).isZero();
    }

    @Test
    void claimOfADeadOwnerIsTakenOverAfterTheLease() {
        String id = manager.schedule(START.plusSeconds(5), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        clock.advance(Duration.ofSeconds(5));
        // another node claimed it and died
        entries().updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("status", "RUNNING"),
                                                                   Updates.set("owner", "dead-node"),
                                                                   Updates.set("claimedAt", Date.from(clock.instant())),
                                                                   Updates.inc("version", 1L)));
        manager.pollOnce();
        assertThat(scopes.deliveries).as("lease still valid").isEmpty();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "x"));
        assertThat(entries().countDocuments()).isZero();
    }

    @Test
    void pollerStartedThroughLifecycleFiresDeadlinesAndStopsOnShutdown() {
        manager.shutdown();
        manager = newManager().pollInterval(Duration.ofMillis(20)).build();
        manager.start();
        assertThat(manager.isRunning()).isTrue();

        manager.schedule(START.plusSeconds(30), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        clock.advance(Duration.ofSeconds(30));
        await().atMost(10, SECONDS).until(() -> scopes.deliveries.size() == 1);

        manager.shutdown();
        assertThat(manager.isRunning()).isFalse();
        manager.schedule(START.plusSeconds(31), "sla", new SlaBreached("ISS-2", "y"), issueScope("ISS-2"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(entries().countDocuments()).as("not polled after shutdown").isEqualTo(1);
    }

    @Test
    void builderRequiresDatabaseScopeAwareProviderAndSerializer() {
        assertThatThrownBy(() -> MongoDeadlineManager.builder().scopeAwareProvider(scopes)
                                                     .serializer(JacksonSerializer.defaultSerializer()).build())
                .hasMessageContaining("MongoDatabase");
        assertThatThrownBy(() -> MongoDeadlineManager.builder().database(database)
                                                     .serializer(JacksonSerializer.defaultSerializer()).build())
                .hasMessageContaining("ScopeAwareProvider");
        assertThatThrownBy(() -> MongoDeadlineManager.builder().database(database).scopeAwareProvider(scopes).build())
                .hasMessageContaining("Serializer");
    }

    @Test
    void deadlinesFarApartAfterDowntimeAllFireAndTheCursorCatchesUp() {
        manager.schedule(START.plus(Duration.ofDays(1)), "sla", new SlaBreached("ISS-1", "1d"), issueScope("ISS-1"));
        manager.schedule(START.plus(Duration.ofDays(30)), "sla", new SlaBreached("ISS-2", "30d"), issueScope("ISS-2"));
        manager.schedule(START.plus(Duration.ofDays(60)), "sla", new SlaBreached("ISS-3", "60d"), issueScope("ISS-3"));
        manager.pollOnce();

        clock.advance(Duration.ofDays(10));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "1d"));

        clock.advance(Duration.ofDays(51));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "1d"), new SlaBreached("ISS-2", "30d"),
                                                      new SlaBreached("ISS-3", "60d"));
        long cursor = database.getCollection("deadline_state").find(Filters.eq("_id", "cursor")).first()
                              .get("bucket", Number.class).longValue();
        long nowBucket = clock.instant().getEpochSecond() / 60;
        assertThat(cursor).isBetween(nowBucket - 3, nowBucket);
    }

    @Test
    void handlerMayScheduleTheNextDeadlineInTheSameUnitOfWork() {
        scopes.onDelivery = message -> {
            if (message.getPayload() instanceof SlaBreached breached && breached.tier().equals("tier-1")) {
                manager.schedule(clock.instant().plusSeconds(60), "sla",
                                 new SlaBreached(breached.issueId(), "tier-2"), issueScope(breached.issueId()));
            }
        };
        manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-1", "tier-1"), issueScope("ISS-1"));
        clock.advance(Duration.ofSeconds(60));
        manager.pollOnce();
        assertThat(entries().countDocuments()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));
        manager.pollOnce();
        assertThat(scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "tier-1"),
                                                      new SlaBreached("ISS-1", "tier-2"));
    }

    @Test
    void dispatchAndHandlerInterceptorsAreApplied() {
        List<String> handled = new CopyOnWriteArrayList<>();
        manager.registerDispatchInterceptor(messages -> (i, m) -> m.andMetaData(Map.of("tenant", "site-7")));
        manager.registerHandlerInterceptor((unitOfWork, chain) -> {
            handled.add(unitOfWork.getMessage().getDeadlineName() + ":" + unitOfWork.getMessage().getMetaData().get("tenant"));
            return chain.proceed();
        });
        manager.schedule(START.plusSeconds(1), "sla", new SlaBreached("ISS-1", "x"), issueScope("ISS-1"));
        clock.advance(Duration.ofSeconds(1));
        manager.pollOnce();
        assertThat(handled).containsExactly("sla:site-7");
        assertThat(scopes.deliveries.get(0).metaData()).containsEntry("tenant", "site-7");
    }

    private Document entry(String id) {
        return entries().find(Filters.eq("_id", id)).first();
    }
}
