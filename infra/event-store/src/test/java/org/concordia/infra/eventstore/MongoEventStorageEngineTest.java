package org.concordia.infra.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MongoEventStorageEngineTest {

    record Deposited(String account, int amount) {
    }

    @TempDir
    Path dataDir;
    StoreHarness store;
    MutableClock clock;
    MongoEventStorageEngine engine;

    @BeforeEach
    void start() {
        store = new StoreHarness(dataDir);
        clock = new MutableClock();
        engine = store.engine(clock, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    static DomainEventMessage<Deposited> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Account", aggregate, sequence, new Deposited(aggregate, (int) sequence));
    }

    static List<DomainEventMessage<?>> events(String aggregate, long from, int count) {
        return IntStream.range(0, count).mapToObj(i -> event(aggregate, from + i)).collect(Collectors.toList());
    }

    List<Long> sequences(DomainEventStream stream) {
        List<Long> sequences = new ArrayList<>();
        stream.asStream().forEach(e -> sequences.add(e.getSequenceNumber()));
        return sequences;
    }

    List<TrackedEventMessage<?>> readAll(TrackingToken from) {
        return engine.readEvents(from, false).collect(Collectors.toList());
    }

    static long position(TrackedEventMessage<?> message) {
        return message.trackingToken().position().orElseThrow();
    }

    @Test
    void readsAnAggregateStreamFromAnySequenceIncludingTheMiddleOfACommit() {
        engine.appendEvents(events("a", 0, 3));
        engine.appendEvents(events("b", 0, 2));
        engine.appendEvents(events("a", 3, 200));

        assertThat(sequences(engine.readEvents("a"))).containsExactlyElementsOf(
                IntStream.range(0, 203).mapToObj(i -> (long) i).toList());
        assertThat(sequences(engine.readEvents("a", 1))).first().isEqualTo(1L);
        assertThat(sequences(engine.readEvents("a", 150))).hasSize(53);
        assertThat(engine.readEvents("a").asStream().findFirst().orElseThrow().getPayload())
                .isEqualTo(new Deposited("a", 0));
        assertThat(sequences(engine.readEvents("missing"))).isEmpty();
    }

    @Test
    void readingAfterAKnownVersionLooksUpAFewKeysNotAWholeBatch() {
        engine.appendEvents(events("a", 0, 10));
        List<Integer> keysLookedUp = new ArrayList<>();
        CommandListener streamFinds = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument command = event.getCommand();
                if (event.getCommandName().equals("find") && command.containsKey("filter")
                    && command.getDocument("filter").containsKey(CommitDocument.STREAMS)) {
                    BsonValue streams = command.getDocument("filter").get(CommitDocument.STREAMS);
                    keysLookedUp.add(streams.isDocument() ? streams.asDocument().getArray("$in").size() : 1);
                }
            }
        };
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.server.connectionString()))
                .addCommandListener(streamFinds).build())) {
            MongoEventStorageEngine listened = MongoEventStorageEngine.builder()
                    .database(client.getDatabase("concordia")).eventSerializer(StoreHarness.serializer())
                    .snapshotSerializer(StoreHarness.serializer()).clock(clock).build();

            assertThat(sequences(listened.readEvents("a", 10))).isEmpty(); // nothing new: the common case
            assertThat(keysLookedUp).containsExactly(AggregateStreams.FIRST_TAIL_BATCH);

            keysLookedUp.clear();
            assertThat(sequences(listened.readEvents("a", 3))).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
            assertThat(keysLookedUp).containsExactly(4, 8); // doubling until the run ends

            keysLookedUp.clear();
            assertThat(sequences(listened.readEvents("a", 0))).hasSize(10);
            assertThat(keysLookedUp).containsExactly(128); // a whole aggregate: one batch as before
        }
    }

    @Test
    void readsEventsByGlobalPositionAlsoInsideACommit() {
        engine.appendEvents(events("a", 0, 3));   // positions 1..3
        engine.appendEvents(events("b", 0, 40));  // positions 4..43 in one commit
        engine.appendEvents(events("c", 0, 1));   // position 44

        List<TrackedEventMessage<?>> read = engine.readPositions(List.of(44L, 2L, 40L, 99L));
        assertThat(read).extracting(MongoEventStorageEngineTest::position).containsExactly(2L, 40L, 44L);
        assertThat(read).extracting(m -> ((DomainEventMessage<?>) m).getAggregateIdentifier())
                        .containsExactly("a", "b", "c");
        assertThat(((DomainEventMessage<?>) read.get(1)).getSequenceNumber()).isEqualTo(36L);
    }

    @Test
    void knowsTheLastSequenceNumberOfAnAggregate() {
        engine.appendEvents(events("a", 0, 37));
        assertThat(engine.lastSequenceNumberFor("a")).contains(36L);
        assertThat(engine.lastSequenceNumberFor("none")).isEmpty();
    }

    @Test
    void givesEveryEventAGlobalPositionInCommitOrder() {
        engine.appendEvents(events("a", 0, 2));
        engine.appendEvents(events("b", 0, 1));
        engine.appendEvents(List.of(GenericEventMessage.asEventMessage("not from an aggregate")));

        List<TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(tracked.get(3).getPayload()).isEqualTo("not from an aggregate");
        assertThat(((DomainEventMessage<?>) tracked.get(3)).getType()).isNull();
    }

    @Test
    void storesEventsOfSeveralAggregatesInOneCommitWhole() {
        List<DomainEventMessage<?>> unitOfWork = new ArrayList<>(events("collaboration", 0, 1));
        unitOfWork.addAll(events("issue", 0, 1));
        engine.appendEvents(unitOfWork);

        assertThat(store.database.getCollection("event_commits").countDocuments()).isEqualTo(1);
        assertThat(sequences(engine.readEvents("collaboration"))).containsExactly(0L);
        assertThat(sequences(engine.readEvents("issue"))).containsExactly(0L);
    }

    @Test
    void aConflictingCommitIsRejectedWholeAndItsPositionsAreVoided() {
        engine.appendEvents(events("a", 0, 3));
        // A writer that saw only sequence 0 commits 1..4: its 2nd event collides, so none of the four is stored.
        assertThatThrownBy(() -> engine.appendEvents(events("a", 1, 4))).isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(events("a", 3, 1));

        assertThat(sequences(engine.readEvents("a"))).containsExactly(0L, 1L, 2L, 3L);
        // Positions 4..7 belong to the void commit: tracking passes them at once, with no gap to wait for.
        List<TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L, 8L);
        assertThat(((GapAwareTrackingToken) tracked.get(3).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void creatingAnExistingAggregateFailsAsAStreamCreationConflict() {
        engine.appendEvents(events("a", 0, 1));
        assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 1)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void aCommitInFlightHoldsBackLaterPositionsUntilItIsVisible() {
        long[] blockA = allocateWithoutWriting(2);     // commit A: positions allocated, not yet written
        engine.appendEvents(events("b", 0, 1));         // commit B: later position, visible first

        assertThat(readAll(null)).isEmpty();           // B waits for A, to keep position order

        clock.advance(Duration.ofSeconds(9));           // any delay short of the gap timeout
        writeLate(blockA, events("a", 0, 2));

        List<TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L);
        assertThat(tracked).extracting(m -> ((DomainEventMessage<?>) m).getAggregateIdentifier())
                           .containsExactly("a", "a", "b");
    }

    @Test
    void aPositionNeverWrittenIsPassedAfterTheGapTimeoutAndStillDeliveredIfItAppears() {
        long[] crashed = allocateWithoutWriting(1);
        engine.appendEvents(events("b", 0, 1));
        assertThat(readAll(null)).isEmpty();

        clock.advance(Duration.ofSeconds(11));
        List<TrackedEventMessage<?>> tracked = readAll(null);
        assertThat(tracked).extracting(MongoEventStorageEngineTest::position).containsExactly(2L);
        GapAwareTrackingToken afterB = (GapAwareTrackingToken) tracked.get(0).trackingToken();
        assertThat(afterB.getGaps()).containsExactly(1L);

        writeLate(crashed, events("a", 0, 1));          // very late, yet not lost
        List<TrackedEventMessage<?>> late = readAll(afterB);
        assertThat(late).extracting(m -> (Object) m.getPayload()).containsExactly(new Deposited("a", 0));
        assertThat(((GapAwareTrackingToken) late.get(0).trackingToken()).getGaps()).isEmpty();
    }

    @Test
    void aCrashedLargeBlockBeyondOneBatchDoesNotStallTrackingForever() {
        allocateWithoutWriting(250);
        engine.appendEvents(events("b", 0, 1));
        assertThat(readAll(null)).isEmpty();

        clock.advance(Duration.ofSeconds(11));
        assertThat(readAll(null)).extracting(MongoEventStorageEngineTest::position).containsExactly(251L);
    }

    @Test
    void aRunOfVoidCommitsLongerThanABatchDelaysNothing() {
        engine.appendEvents(events("a", 0, 1));
        for (int i = 0; i < 150; i++) {
            assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 1)))
                    .isInstanceOf(AggregateStreamCreationException.class);
        }
        engine.appendEvents(events("b", 0, 1));

        List<TrackedEventMessage<?>> first = readAll(null);
        assertThat(first).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 152L);
    }

    @Test
    void tracksFromAnyTokenWithoutRepeating() {
        for (int i = 0; i < 30; i++) {
            engine.appendEvents(events("agg-" + i, 0, 3));
        }
        List<TrackedEventMessage<?>> all = readAll(null);
        assertThat(all).hasSize(90);
        List<TrackedEventMessage<?>> rest = readAll(all.get(44).trackingToken());
        assertThat(rest).extracting(MongoEventStorageEngineTest::position)
                        .containsExactlyElementsOf(LongStreamRange.closed(46, 90));
        assertThat(readAll(engine.createHeadToken())).isEmpty();
        assertThat(engine.createTailToken()).isNull();
    }

    @Test
    void createsTokensAtAnInstantFromCommitTimes() {
        engine.appendEvents(events("a", 0, 2));
        clock.advance(Duration.ofMinutes(5));
        java.time.Instant later = clock.instant();
        engine.appendEvents(events("b", 0, 2));

        TrackingToken token = engine.createTokenAt(later);
        assertThat(readAll(token)).extracting(MongoEventStorageEngineTest::position).containsExactly(3L, 4L);
        assertThat(engine.createTokenAt(later.minus(Duration.ofHours(1)))).isNull();
    }

    @Test
    void keepsTheNewestSnapshot() {
        engine.appendEvents(events("a", 0, 5));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Account", "a", 4, new Deposited("a", 99)));
        engine.storeSnapshot(new GenericDomainEventMessage<>("Account", "a", 2, new Deposited("a", 1)));

        DomainEventMessage<?> snapshot = engine.readSnapshot("a").orElseThrow();
        assertThat(snapshot.getSequenceNumber()).isEqualTo(4L);
        assertThat(snapshot.getPayload()).isEqualTo(new Deposited("a", 99));
    }

    @Test
    void catchesUpAtStartWhenThePositionCounterIsBehindTheStoredCommits() {
        engine.appendEvents(events("a", 0, 3));
        store.database.getCollection("event_counters")
                      .updateOne(eq("_id", MongoEventStorageEngine.COUNTER_ID), Updates.set("value", 1L));
        engine = store.engine(clock, Duration.ofSeconds(10)); // as after restoring an inconsistent backup

        engine.appendEvents(events("b", 0, 1));

        assertThat(readAll(null)).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void everythingSurvivesARestartOnTheSameDataDirectory() {
        engine.appendEvents(events("a", 0, 3));
        store.close();

        store = new StoreHarness(dataDir);
        engine = store.engine(clock, Duration.ofSeconds(10));
        engine.appendEvents(events("a", 3, 1));
        assertThat(sequences(engine.readEvents("a"))).containsExactly(0L, 1L, 2L, 3L);
        assertThat(readAll(null)).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L, 4L);
    }

    /** Reserves positions the way a writer does just before inserting, then "stalls". */
    private long[] allocateWithoutWriting(int count) {
        Document counter = store.database.getCollection("event_counters").findOneAndUpdate(
                eq("_id", MongoEventStorageEngine.COUNTER_ID), Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long last = counter.get("value", Number.class).longValue();
        return new long[]{last - count + 1, last};
    }

    private void writeLate(long[] block, List<DomainEventMessage<?>> events) {
        store.database.getCollection("event_commits")
                      .insertOne(CommitDocument.of(block[0], clock.instant(), events, StoreHarness.serializer()));
    }

    static final class LongStreamRange {
        static List<Long> closed(long from, long to) {
            return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
        }
    }
}
