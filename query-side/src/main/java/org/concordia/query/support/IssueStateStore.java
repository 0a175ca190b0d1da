package org.concordia.query.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import org.bson.Document;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.query.issue.IssueState;

/**
 * Per-issue working state of a projection that combines the issues of a collaboration into one read model.
 * Document {@code {_id: issueId, collaborationId, seq, position, json: IssueState, effect: json}}: {@code seq}
 * is the aggregate sequence number of the last event applied, {@code effect} what that event did to the
 * collaboration-level model (kept so a redelivery after a crash between the two writes can finish the job).
 */
public final class IssueStateStore {

    /** What an issue event did: {@code fresh} false when it had already been applied to the issue document. */
    public record Step<E>(E effect, boolean fresh) {
    }

    private final MongoCollection<Document> collection;

    public IssueStateStore(MongoDatabase db, String collectionName) {
        this.collection = db.getCollection(collectionName);
    }

    public MongoCollection<Document> collection() {
        return collection;
    }

    /**
     * Applies the event to the issue's state unless already done. Returns the effect to apply at collaboration
     * level; empty if this event is older than the last one applied (a redelivery of something long done).
     */
    public <E> Optional<Step<E>> advance(IssueEvent event, long seq, long position, Instant at,
                                         BiFunction<IssueState, IssueState, E> effectOf, Class<E> effectType) {
        Document doc = collection.find(Filters.eq("_id", event.issueId())).first();
        if (doc != null && doc.getLong("seq") >= seq) {
            if (doc.getLong("position") == position) {
                return Optional.of(new Step<>(Json.read(doc.getString("effect"), effectType), false));
            }
            return Optional.empty();
        }
        IssueState before = doc == null ? null : Json.read(doc.getString("json"), IssueState.class);
        IssueState after = IssueState.apply(doc == null ? null : Json.read(doc.getString("json"), IssueState.class),
                event, at, seq);
        E effect = effectOf.apply(before, after);
        collection.replaceOne(Filters.eq("_id", event.issueId()), new Document("_id", event.issueId())
                .append("collaborationId", event.collaborationId())
                .append("seq", seq)
                .append("position", position)
                .append("json", Json.write(after))
                .append("effect", Json.write(effect)), new ReplaceOptions().upsert(true));
        return Optional.of(new Step<>(effect, true));
    }

    public void clear() {
        collection.deleteMany(new Document());
    }
}
