package org.concordia.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * The commits and the position counter in MongoDB, and the key lookups on them: commits by first position
 * ({@code _id}) or by stream key, positions allocated with {@code $inc}.
 */
final class CommitCollection {

    private static final Logger log = LoggerFactory.getLogger(CommitCollection.class);
    static final String STREAMS_INDEX = "streams_unique";
    /** The commits' collection, after the engine's collection prefix. */
    static final String COMMITS = "event_commits";

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> counters;

    CommitCollection(MongoDatabase database, String collectionPrefix) {
        this.commits = database.getCollection(collectionPrefix + COMMITS);
        this.counters = database.getCollection(collectionPrefix + MongoEventStorageEngine.COUNTERS);
    }

    /** Idempotent: MongoDB ignores a {@code createIndex} for an index that already exists with the same spec. */
    void ensureIndexes() {
        commits.createIndex(Indexes.ascending(CommitDocument.STREAMS),
                            new IndexOptions().name(STREAMS_INDEX).unique(true).sparse(true));
    }

    void insert(Document commit) {
        commits.insertOne(commit);
    }

    void insertMany(List<Document> batch) {
        commits.insertMany(batch);
    }

    /** Reserves {@code count} consecutive positions and returns the last one. */
    long allocate(int count) {
        Document counter = counters.findOneAndUpdate(
                eq("_id", MongoEventStorageEngine.COUNTER_ID),
                Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.get("value", Number.class).longValue();
    }

    /** The highest position allocated so far. */
    long allocatedHead() {
        Document counter = counters.find(eq("_id", MongoEventStorageEngine.COUNTER_ID)).first();
        return counter == null ? 0 : counter.get("value", Number.class).longValue();
    }

    /** The commits starting at the given positions, by first position. */
    TreeMap<Long, Document> startingAt(Collection<Long> firstPositions) {
        TreeMap<Long, Document> found = new TreeMap<>();
        commits.find(in("_id", firstPositions)).forEach(commit -> found.put(CommitDocument.firstPosition(commit), commit));
        return found;
    }

    /** The commits starting in {@code [from, to]}, by first position. */
    TreeMap<Long, Document> startingIn(long from, long to) {
        List<Long> ids = new ArrayList<>((int) Math.max(0, Math.min(to - from + 1, 1 << 16)));
        for (long position = from; position <= to; position++) {
            ids.add(position);
        }
        return startingAt(ids);
    }

    /**
     * The commit holding each of the given positions, by position; positions no commit holds are left out. Each is
     * found by key: the commit starting there, or else the one starting shortly before it.
     */
    TreeMap<Long, Document> covering(Collection<Long> positions) {
        TreeSet<Long> wanted = new TreeSet<>(positions);
        TreeMap<Long, Document> byFirst = startingAt(wanted);
        for (int lookBack = 16; lookBack <= 4096; lookBack *= 4) {
            List<Long> uncovered = wanted.stream().filter(p -> covering(byFirst, p) == null).toList();
            if (uncovered.isEmpty()) {
                break;
            }
            TreeSet<Long> candidates = new TreeSet<>();
            for (long position : uncovered) {
                for (long p = Math.max(1, position - lookBack); p < position; p++) {
                    candidates.add(p);
                }
            }
            byFirst.putAll(startingAt(candidates));
        }
        TreeMap<Long, Document> covering = new TreeMap<>();
        for (long position : wanted) {
            Document commit = covering(byFirst, position);
            if (commit != null) {
                covering.put(position, commit);
            }
        }
        return covering;
    }

    private static Document covering(TreeMap<Long, Document> byFirst, long position) {
        Map.Entry<Long, Document> candidate = byFirst.floorEntry(position);
        return candidate != null && CommitDocument.lastPosition(candidate.getValue()) >= position
                ? candidate.getValue() : null;
    }

    /** The commits holding any of the given stream keys ({@code aggregateId#sequence}). */
    Iterable<Document> withStreamKeys(List<String> keys) {
        return commits.find(in(CommitDocument.STREAMS, keys));
    }

    boolean hasStreamKey(String key) {
        return commits.find(eq(CommitDocument.STREAMS, key)).projection(new Document("_id", 1)).first() != null;
    }

    /**
     * Moves the position counter past every stored commit found from {@code from} on. Normally a no-op; it matters
     * after a backup restore or a hand edit left the counter behind, which would otherwise make new commits overlap
     * old ones.
     */
    void resynchroniseCounter(long from) {
        long next = from;
        while (true) {
            long highest = -1;
            for (Document commit : startingIn(next, next + 255).values()) {
                highest = Math.max(highest, CommitDocument.lastPosition(commit));
            }
            if (highest < 0) {
                break;
            }
            next = highest + 1;
        }
        if (next - 1 > allocatedHead()) {
            counters.updateOne(eq("_id", MongoEventStorageEngine.COUNTER_ID), Updates.max("value", next - 1),
                               new UpdateOptions().upsert(true));
            log.warn("Position counter was behind the stored commits; moved it to {}", next - 1);
        }
    }
}
