package org.concordia.query.collaboration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.query.support.Json;
import org.concordia.query.support.WriteBatch;

/**
 * A collaboration's own events, kept by {@link CollaborationProjection} so that the collaboration as of an instant
 * is read with two {@code _id} look-ups however long its history (every issue raised adds an event to it):
 * {@code collaboration_asof_chunks} {@code {_id: "<cid>|<chunk>", start: view before the chunk, json: [entry]}},
 * {@value #CHUNK} events a chunk, and {@code collaboration_asof} {@code {_id: cid, json: {version, count, maxAt}}}:
 * the last version logged and, per chunk, its latest event timestamp (epoch milliseconds rounded up).
 * <p>
 * The collaboration as of an instant is its latest version whose events are all at or before the instant: the
 * first chunk whose latest timestamp is after it holds the first event after it (all before are folded into its
 * {@code start}); folding that chunk's events up to that event gives the answer.
 */
final class CollaborationHistory {

    static final int CHUNK = 100;

    private CollaborationHistory() {
    }

    /** The per-collaboration index. */
    static final class Index {
        public String id;
        public long version = -1;
        public long count;
        public List<Long> maxAt = new ArrayList<>();

        static Index decode(Document doc) {
            Index index = Json.read(doc.getString("json"), Index.class);
            index.id = doc.getString("_id");
            return index;
        }

        Document encode() {
            String json = Json.writeState(new Index.Stored(version, count, maxAt));
            return new Document("_id", id).append("json", json);
        }

        record Stored(long version, long count, List<Long> maxAt) {
        }
    }

    /** One logged event. */
    record Entry(long seq, Instant at, String type, String event) {
        CollaborationEvent payload() {
            for (Class<?> kind : CollaborationEvent.class.getPermittedSubclasses()) {
                if (kind.getSimpleName().equals(type)) {
                    return (CollaborationEvent) Json.read(event, kind);
                }
            }
            throw new IllegalStateException("unknown collaboration event " + type);
        }
    }

    /** A chunk of the log: the view before its first event, and its events. */
    record Chunk(String id, String start, List<Entry> entries) {
        static Chunk decode(Document doc) {
            return new Chunk(doc.getString("_id"), doc.getString("start"),
                    new ArrayList<>(List.of(Json.read(doc.getString("json"), Entry[].class))));
        }

        Document encode() {
            return new Document("_id", id).append("start", start).append("json", Json.writeState(entries));
        }
    }

    /** Logs {@code event}, about to be applied to {@code before}, unless the index already holds it. */
    static void log(WriteBatch.Documents<Index> indexes, WriteBatch.Documents<Chunk> chunks, CollaborationView before,
                    CollaborationEvent event, long seq, Instant at) {
        String cid = event.collaborationId();
        Index index = indexes.find(cid);
        if (index == null) {
            index = new Index();
            index.id = cid;
        }
        if (index.version >= seq) {
            return; // logged by a batch whose view was not stored: redelivered
        }
        int chunk = (int) (index.count / CHUNK);
        String id = cid + "|" + chunk;
        Chunk stored = index.count % CHUNK == 0 ? null : chunks.find(id);
        Chunk next = stored == null
                ? new Chunk(id, before == null ? null : Json.writeState(before), new ArrayList<>())
                : new Chunk(id, stored.start(), new ArrayList<>(stored.entries()));
        next.entries().removeIf(e -> e.seq() >= seq); // left by a batch whose index was not stored
        next.entries().add(new Entry(seq, at, event.getClass().getSimpleName(), Json.write(event)));
        chunks.put(id, next);
        long ceil = at.toEpochMilli() + (at.getNano() % 1_000_000 == 0 ? 0 : 1);
        if (chunk == index.maxAt.size()) {
            index.maxAt.add(ceil);
        } else {
            index.maxAt.set(chunk, Math.max(index.maxAt.get(chunk), ceil));
        }
        index.count++;
        index.version = seq;
        indexes.put(cid, index);
    }

    /** The collaboration as of {@code instant}; null when no log is kept for it (the caller folds its events). */
    static Optional<CollaborationView> asOf(MongoCollection<Document> indexes, MongoCollection<Document> chunks,
                                            String collaborationId, Instant instant) {
        Document indexDocument = indexes.find(Filters.eq("_id", collaborationId)).first();
        if (indexDocument == null) {
            return null;
        }
        Index index = Index.decode(indexDocument);
        int first = 0;
        while (first < index.maxAt.size() - 1 && !Instant.ofEpochMilli(index.maxAt.get(first)).isAfter(instant)) {
            first++;
        }
        CollaborationView view = null;
        for (int chunk = first; chunk < index.maxAt.size(); chunk++) {
            Document doc = chunks.find(Filters.eq("_id", collaborationId + "|" + chunk)).first();
            if (doc == null) {
                return null;
            }
            Chunk c = Chunk.decode(doc);
            if (chunk == first && c.start() != null) {
                view = Json.read(c.start(), CollaborationView.class);
            }
            for (Entry e : c.entries()) {
                if (e.seq() > index.version || e.at().isAfter(instant)) {
                    return Optional.ofNullable(view);
                }
                view = CollaborationFold.next(view, e.payload(), e.seq(), e.at());
            }
        }
        return Optional.ofNullable(view);
    }
}
