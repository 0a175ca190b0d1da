package org.concordia.query.collaboration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.collaboration.query.CollaborationView;

import java.time.Instant;
import java.util.function.UnaryOperator;

import static com.mongodb.client.model.Filters.eq;

/**
 * One document per collaboration ({@code _id} = collaboration id), and one per user listing the collaborations
 * they are an active member of ({@code _id} = username), so that both reads are key lookups. Each collaboration
 * document remembers the aggregate sequence number it last applied, which makes redelivery and replay no-ops.
 */
@ProcessingGroup(CollaborationProjection.PROCESSING_GROUP)
public class CollaborationProjection {

    public static final String PROCESSING_GROUP = "collaborations";
    static final String COLLABORATIONS = "collaboration_views";
    static final String MEMBERSHIPS = "collaboration_memberships";

    private final MongoCollection<Document> collaborations;
    private final MongoCollection<Document> memberships;

    public CollaborationProjection(MongoDatabase database) {
        this.collaborations = database.getCollection(COLLABORATIONS);
        this.memberships = database.getCollection(MEMBERSHIPS);
    }

    @EventHandler
    void on(CollaborationEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        boolean applied = apply(event.collaborationId(), sequence,
                                view -> CollaborationFold.next(view, event, sequence, at));
        if (!applied) {
            return; // redelivered or replayed over a newer state: a stale membership change must not be redone
        }
        if (event instanceof MemberAdded added) {
            memberships.updateOne(eq("_id", added.username()),
                                  Updates.addToSet("collaborations", added.collaborationId()),
                                  new UpdateOptions().upsert(true));
        } else if (event instanceof MemberRemoved removed) {
            memberships.updateOne(eq("_id", removed.username()),
                                  Updates.pull("collaborations", removed.collaborationId()));
        }
    }

    @ResetHandler
    void reset() {
        collaborations.drop();
        memberships.drop();
    }

    /** Loads by key, applies the event unless already applied, writes back by key; false when already applied. */
    private boolean apply(String collaborationId, long sequence, UnaryOperator<CollaborationView> change) {
        Document stored = collaborations.find(eq("_id", collaborationId)).first();
        CollaborationView current = stored == null ? null : ViewDocuments.fromDocument(stored, CollaborationView.class);
        if (current != null && current.version() >= sequence) {
            return false;
        }
        CollaborationView next = change.apply(current);
        collaborations.replaceOne(eq("_id", collaborationId), ViewDocuments.toDocument(collaborationId, next),
                                  new ReplaceOptions().upsert(true));
        return true;
    }

}
