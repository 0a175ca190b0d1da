package org.concordia.query.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.bson.Document;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.query.issue.IssueState;

/**
 * Per-issue working state of a projection that combines the issues of a collaboration into one read model: the
 * {@link IssueState} {@linkplain IssueState#withoutNarrative() without its narrative} (comments, evidence, links,
 * description), which no such projection reads, so that what an event rewrites does not grow with the discussion.
 * Document {@code {_id: issueId, collaborationId, seq, position, json: IssueState, effect: json, base, baseSeq,
 * basePosition}}: {@code seq} is the aggregate sequence number of the last event applied, {@code effect} what that
 * event did to the collaboration-level model. Written through the projection's {@link WriteBatch}, before the
 * collaboration-level document: {@code base*} is the issue as it stood when the batch began, i.e. consistent with
 * the collaboration document then stored. If a crash leaves this document ahead of the collaboration document
 * ({@code position} beyond the collaboration's {@code lastPosition}), the redelivered batch starts again from
 * {@code base}.
 * <p>
 * The states this store wrote last are kept decoded for later batches ({@link #RETAINED},
 * {@link WriteBatch.Documents#retain}): taken only when the stored {@code position}, {@code basePosition} and
 * {@code seq} are theirs, i.e. when the kept state is the stored document; the recovery above then runs on it as on
 * a decoded one.
 */
public final class IssueStateStore {

    /**
     * What an issue event did: {@code fresh} false when it had already been applied to the issue document;
     * {@code previousPosition} the position of the issue's event applied before it (-1: none, or not fresh).
     */
    public record Step<E>(E effect, boolean fresh, long previousPosition) {
    }

    /** The working state of one issue, as held in a batch. */
    static final class Stored {
        String issueId;
        String collaborationId;
        long seq = -1;
        long position = -1;
        IssueState state;
        String stateJson; // as loaded
        String effect;
        // as the batch found it (consistent with the collaboration document stored at that time)
        String base;
        long baseSeq = -1;
        long basePosition = -1;
        boolean baseTaken;
    }

    /**
     * How many issues' decoded working state a store keeps across batches (see {@link WriteBatch.Documents#retain}):
     * a batch then reads only their positions instead of decoding their JSON again.
     */
    static final int RETAINED = 4_096;

    private final MongoCollection<Document> collection;
    private final WriteBatch.Documents<Stored> documents;

    public IssueStateStore(MongoDatabase db, String collectionName) {
        this(new WriteBatch(), db, collectionName);
    }

    /** Written through {@code batch}: declare it before the collaboration-level collections of the batch. */
    public IssueStateStore(WriteBatch batch, MongoDatabase db, String collectionName) {
        this.collection = db.getCollection(collectionName);
        // position, basePosition and seq determine the whole document: json and effect are the fold of the issue's
        // events up to position, base the fold up to basePosition
        this.documents = batch.collection(collection, IssueStateStore::decode, IssueStateStore::encode)
                .retain(RETAINED, List.of("position", "basePosition", "seq"),
                        s -> List.of(s.position, s.basePosition, s.seq), s -> s.baseTaken = false);
        batch.prefetch(documents, payload -> payload instanceof IssueEvent e ? e.issueId() : null);
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    private static Stored decode(Document doc) {
        Stored s = new Stored();
        s.issueId = doc.getString("_id");
        s.collaborationId = doc.getString("collaborationId");
        s.seq = doc.getLong("seq");
        s.position = doc.getLong("position");
        s.stateJson = doc.getString("json");
        s.state = Json.read(s.stateJson, IssueState.class);
        s.effect = doc.getString("effect");
        s.base = doc.getString("base");
        s.baseSeq = doc.get("baseSeq") == null ? -1 : doc.getLong("baseSeq");
        s.basePosition = doc.get("basePosition") == null ? -1 : doc.getLong("basePosition");
        return s;
    }

    /** The document of {@code s}; {@code s} then holds the JSON written as its state as loaded. */
    private static Document encode(Stored s) {
        s.stateJson = Json.writeIssueState(s.state);
        return new Document("_id", s.issueId)
                .append("collaborationId", s.collaborationId)
                .append("seq", s.seq)
                .append("position", s.position)
                .append("json", s.stateJson)
                .append("effect", s.effect)
                .append("base", s.base)
                .append("baseSeq", s.baseSeq)
                .append("basePosition", s.basePosition);
    }

    /**
     * Applies the event to the issue's state unless already done. Returns the effect to apply at collaboration
     * level; empty if this event is older than the last one applied (a redelivery of something long done).
     *
     * @param collaborationPosition {@code lastPosition} of the collaboration document as the batch sees it
     * @param capture               what the effect needs of the issue before the event (taken before it changes)
     */
    public <B, E> Optional<Step<E>> advance(IssueEvent event, long seq, long position, Instant at,
                                            long collaborationPosition, Function<IssueState, B> capture,
                                            BiFunction<B, IssueState, E> effectOf, Class<E> effectType) {
        Stored s = documents.find(event.issueId());
        if (s != null && !s.baseTaken) {
            if (s.position > collaborationPosition) {
                s = revertToBase(s); // flushed by a batch whose collaboration document was not: redo from base
                if (s != null) {
                    documents.put(s.issueId, s);
                }
            }
            if (s != null) {
                s.base = s.stateJson;
                s.baseSeq = s.seq;
                s.basePosition = s.position;
                s.baseTaken = true;
            }
        }
        if (s != null && s.seq >= seq) {
            if (s.position == position && s.effect != null) {
                return Optional.of(new Step<>(Json.read(s.effect, effectType), false, -1));
            }
            return Optional.empty();
        }
        if (s == null) {
            s = new Stored();
            s.issueId = event.issueId();
            s.collaborationId = event.collaborationId();
            s.baseTaken = true; // no base: the issue did not exist
        }
        long previousPosition = s.position;
        B before = capture.apply(s.state);
        s.state = IssueState.apply(s.state, event, at, seq).withoutNarrative();
        E effect = effectOf.apply(before, s.state);
        s.seq = seq;
        s.position = position;
        s.effect = Json.writeState(effect);
        documents.put(event.issueId(), s);
        return Optional.of(new Step<>(effect, true, previousPosition));
    }

    private static Stored revertToBase(Stored s) {
        if (s.base == null) {
            return null;
        }
        Stored reverted = new Stored();
        reverted.issueId = s.issueId;
        reverted.collaborationId = s.collaborationId;
        reverted.stateJson = s.base;
        reverted.state = Json.read(s.base, IssueState.class);
        reverted.seq = s.baseSeq;
        reverted.position = s.basePosition;
        return reverted;
    }

    public void clear() {
        collection.deleteMany(new Document());
    }
}
