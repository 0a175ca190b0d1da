package org.concordia.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.concordia.query.support.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Documents a projection keeps decoded across batches ({@link WriteBatch.Documents#retain}). */
class WriteBatchRetainTest {

    /** A decoded document: its version and a value. */
    static final class Counter {
        final String id;
        long version;
        long value;

        Counter(String id, long version, long value) {
            this.id = id;
            this.version = version;
            this.value = value;
        }
    }

    private final Mongo mongo = new Mongo();
    private final MongoCollection<Document> collection = mongo.db("retain").getCollection("counters");
    private final AtomicInteger decoded = new AtomicInteger();
    private final WriteBatch batch = new WriteBatch();
    private final WriteBatch.Documents<Counter> counters = batch.collection(collection, d -> {
        decoded.incrementAndGet();
        return new Counter(d.getString("_id"), d.getLong("version"), d.getLong("value"));
    }, c -> new Document("_id", c.id).append("version", c.version).append("value", c.value))
            .retain(2, List.of("version"), c -> List.of(c.version), c -> { });

    @AfterEach
    void close() {
        mongo.close();
    }

    private Counter increment(String id) {
        Counter c = counters.find(id);
        Counter next = c == null ? new Counter(id, 0, 0) : c;
        next.version++;
        next.value += 10;
        counters.put(id, next);
        return next;
    }

    private void inBatch(Runnable work) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            work.run();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
    }

    private long stored(String id) {
        return collection.find(Filters.eq("_id", id)).first().getLong("value");
    }

    @Test
    void aLaterBatchTakesTheDocumentItWroteWithoutDecodingIt() {
        inBatch(() -> increment("a"));
        inBatch(() -> increment("a"));
        inBatch(() -> increment("a"));
        assertThat(decoded).hasValue(0);
        assertThat(stored("a")).isEqualTo(30);
    }

    @Test
    void aDocumentChangedByAnotherWriterIsDecodedAgain() {
        inBatch(() -> increment("a"));
        collection.updateOne(Filters.eq("_id", "a"), Updates.combine(Updates.set("version", 7L),
                Updates.set("value", 700L)));
        inBatch(() -> increment("a"));
        assertThat(decoded).hasValue(1);
        assertThat(stored("a")).isEqualTo(710);
    }

    @Test
    void aDocumentDeletedMeanwhileIsAbsent() {
        inBatch(() -> increment("a"));
        collection.deleteMany(new Document());
        inBatch(() -> assertThat(counters.find("a")).isNull());
    }

    @Test
    void aFailedBatchLeavesNothingKeptOfWhatItRead() {
        inBatch(() -> increment("a"));
        assertThatThrownBy(() -> inBatch(() -> {
            increment("a"); // changes the kept copy in place, then the batch fails
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        inBatch(() -> increment("a"));
        assertThat(decoded).hasValue(1);
        assertThat(stored("a")).isEqualTo(20);
    }

    @Test
    void onlyTheMostRecentlyWrittenAreKept() {
        inBatch(() -> {
            increment("a");
            increment("b");
            increment("c");
        });
        inBatch(() -> {
            increment("a");
            increment("b");
            increment("c");
        });
        assertThat(decoded).hasValue(1); // capacity 2: "a" was dropped
        assertThat(List.of(stored("a"), stored("b"), stored("c"))).containsExactly(20L, 20L, 20L);
    }
}
