package org.concordia.infra.eventstore;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit that becomes visible after a later one is still handled by a real tracking processor, and before it:
 * handling follows position order, not visibility order.
 */
class InOrderTrackingTest {

    record Noted(String who) {
    }

    /** Records what it handles, in handling order. */
    static class Recorder {
        final List<String> handled = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Noted event) {
            handled.add(event.who());
        }
    }

    @TempDir
    Path dataDir;
    StoreHarness store;
    Configuration axon;

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
        store.close();
    }

    @Test
    void aLateCommitIsHandledBeforeTheLaterPositionsThatWereVisibleFirst() {
        store = new StoreHarness(dataDir);
        MongoEventStorageEngine engine = store.engine(Clock.systemUTC(), Duration.ofMinutes(2));
        Recorder recorder = new Recorder();
        axon = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .configureSerializer(c -> StoreHarness.serializer())
                .eventProcessing(processing -> processing.registerTrackingEventProcessor("recorder")
                                                         .registerEventHandler(c -> recorder)
                                                         .byDefaultAssignTo("recorder"))
                .buildConfiguration();
        axon.start();

        engine.appendEvents(noted("before", 0));
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.handled.size() == 1);

        long positionOfA = allocateWithoutWriting();     // commit A: allocated, in flight
        engine.appendEvents(noted("B", 0));               // commit B: a later position, visible first
        // Longer than every processor timeout short of the gap timeout: B must still wait for A.
        await().during(3, TimeUnit.SECONDS).atMost(5, TimeUnit.SECONDS)
               .until(() -> recorder.handled.size() == 1);

        store.database.getCollection("event_commits").insertOne(
                CommitDocument.of(positionOfA, java.time.Instant.now(), List.of(noted("A", 0)),
                                  StoreHarness.serializer()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> recorder.handled.size() == 3);
        assertThat(recorder.handled).containsExactly("before", "A", "B");
    }

    private static DomainEventMessage<Noted> noted(String who, long sequence) {
        return new GenericDomainEventMessage<>("Note", who, sequence, new Noted(who));
    }

    private long allocateWithoutWriting() {
        Document counter = store.database.getCollection("event_counters").findOneAndUpdate(
                eq("_id", MongoEventStorageEngine.COUNTER_ID), Updates.inc("value", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.get("value", Number.class).longValue();
    }
}
