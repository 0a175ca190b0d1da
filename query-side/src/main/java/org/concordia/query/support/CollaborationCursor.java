package org.concordia.query.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.List;
import java.util.function.Supplier;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;

/**
 * A collaboration-level read-model document {@code {_id: collaborationId, lastPosition, collaborationSeq, json}}
 * written by one thread per collaboration (see {@link CollaborationSequencingPolicy}). {@code lastPosition} is the
 * global position of the last event applied to it: the idempotency key of collaboration-level effects.
 */
public final class CollaborationCursor<S> {

    /** A loaded collaboration document. */
    public static final class Loaded<S> {
        public final String collaborationId;
        public final S state;
        public long lastPosition;
        public long collaborationSeq;

        Loaded(String collaborationId, S state, long lastPosition, long collaborationSeq) {
            this.collaborationId = collaborationId;
            this.state = state;
            this.lastPosition = lastPosition;
            this.collaborationSeq = collaborationSeq;
        }
    }

    /**
     * How many collaborations' documents are kept decoded across batches ({@link WriteBatch.Documents#retain}): a
     * batch reads their positions only, instead of decoding the whole document (which can list thousands of issues).
     */
    static final int RETAINED = 64;

    private final MongoCollection<Document> collection;
    private final WriteBatch.Documents<Loaded<S>> documents;
    private final Class<S> type;
    private final Supplier<S> empty;

    /** Read directly, outside any batch (queries). */
    public CollaborationCursor(MongoDatabase db, String collectionName, Class<S> type, Supplier<S> empty) {
        this(new WriteBatch(), db, collectionName, type, empty);
    }

    /** Written through {@code batch} (declare it after the per-issue collections of the same batch). */
    public CollaborationCursor(WriteBatch batch, MongoDatabase db, String collectionName, Class<S> type,
                               Supplier<S> empty) {
        this.collection = db.getCollection(collectionName);
        this.type = type;
        this.empty = empty;
        // the document is the fold of the collaboration's events up to lastPosition (collaborationSeq: of its own)
        this.documents = batch.collection(collection, this::decode, CollaborationCursor::encode)
                .retain(RETAINED, List.of("lastPosition", "collaborationSeq"),
                        loaded -> List.of(loaded.lastPosition, loaded.collaborationSeq), loaded -> { });
        batch.prefetch(documents, payload -> payload instanceof IssueEvent e ? e.collaborationId()
                : payload instanceof CollaborationEvent e ? e.collaborationId() : null);
    }

    private Loaded<S> decode(Document doc) {
        return new Loaded<>(doc.getString("_id"), Json.read(doc.getString("json"), type), doc.getLong("lastPosition"),
                doc.getLong("collaborationSeq"));
    }

    private static Document encode(Loaded<?> loaded) {
        return new Document("_id", loaded.collaborationId)
                .append("lastPosition", loaded.lastPosition)
                .append("collaborationSeq", loaded.collaborationSeq)
                .append("json", Json.writeState(loaded.state));
    }

    /** The collaboration's document as the current batch sees it (a fresh one when there is none). */
    public Loaded<S> load(String collaborationId) {
        Loaded<S> loaded = documents.find(collaborationId);
        return loaded != null ? loaded : new Loaded<>(collaborationId, empty.get(), -1, -1);
    }

    /** The stored document, bypassing any batch (for queries). */
    public Loaded<S> read(String collaborationId) {
        Document doc = collection.find(Filters.eq("_id", collaborationId)).first();
        return doc == null ? new Loaded<>(collaborationId, empty.get(), -1, -1) : decode(doc);
    }

    public void save(Loaded<S> loaded) {
        documents.put(loaded.collaborationId, loaded);
    }

    /**
     * Applies an issue-level effect once: skips it when the collaboration document is already past it, and fails
     * when a fresh issue-level change arrives behind the collaboration document (events out of position order:
     * the processing group is not sequenced per collaboration) instead of dropping it.
     */
    public boolean shouldApply(Loaded<S> loaded, long position, boolean fresh, String processingGroup) {
        if (loaded.lastPosition < position) {
            return true;
        }
        if (fresh && loaded.lastPosition > position) {
            throw new IllegalStateException(processingGroup + ": event at position " + position
                    + " arrived after position " + loaded.lastPosition + " of collaboration " + loaded.collaborationId
                    + "; configure CollaborationSequencingPolicy (or a single segment) for this processing group");
        }
        return false;
    }

    public void clear() {
        collection.deleteMany(new Document());
    }
}
