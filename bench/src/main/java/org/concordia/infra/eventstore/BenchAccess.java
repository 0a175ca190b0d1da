package org.concordia.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;

/**
 * Benchmark-only access to the engine's storage format (same package, bench module; infra is unchanged).
 * Writes commit documents exactly as {@link MongoEventStorageEngine#appendEvents} would for one event per unit of
 * work, but with {@code insertMany}, so a 100k-event store is prefilled in seconds instead of minutes.
 */
public final class BenchAccess {

    private BenchAccess() {
    }

    /** Stores each event as its own commit (one event per unit of work, as commands produce) and moves the counter. */
    public static void prefillOneEventPerCommit(MongoDatabase database, List<? extends EventMessage<?>> events,
                                                Serializer serializer, int insertBatch) {
        MongoCollection<Document> commits = database.getCollection("event_commits");
        MongoCollection<Document> counters = database.getCollection("event_counters");
        Document counter = counters.find(eq("_id", MongoEventStorageEngine.COUNTER_ID)).first();
        long position = counter == null ? 1 : counter.get("value", Number.class).longValue() + 1;
        List<Document> batch = new ArrayList<>(insertBatch);
        for (EventMessage<?> event : events) {
            batch.add(CommitDocument.of(position++, Instant.now(), List.of(event), serializer));
            if (batch.size() == insertBatch) {
                commits.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            commits.insertMany(batch);
        }
        counters.updateOne(eq("_id", MongoEventStorageEngine.COUNTER_ID), Updates.max("value", position - 1),
                           new UpdateOptions().upsert(true));
    }

    /** One stored commit document for an event, as the engine would write it (for sizing raw documents). */
    public static Document commitDocument(long position, EventMessage<?> event, Serializer serializer) {
        return CommitDocument.of(position, Instant.now(), List.of(event), serializer);
    }
}
