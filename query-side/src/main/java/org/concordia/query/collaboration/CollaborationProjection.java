package org.concordia.query.collaboration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
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
import org.concordia.query.support.WriteBatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One document per collaboration ({@code _id} = collaboration id), and one per user listing the collaborations
 * they are an active member of ({@code _id} = username), so that both reads are key lookups. Each collaboration
 * document remembers the aggregate sequence number it last applied, which makes redelivery and replay no-ops.
 * Written through a {@link WriteBatch} (one read and one write per document per tracking batch): every issue
 * raised adds an {@code IssueNumberAllocated} to its collaboration, and writing each as it came cost a disk commit
 * per event, behind the other processors' batches.
 */
@ProcessingGroup(CollaborationProjection.PROCESSING_GROUP)
public class CollaborationProjection {

    public static final String PROCESSING_GROUP = "collaborations";
    static final String COLLABORATIONS = "collaboration_views";
    static final String MEMBERSHIPS = "collaboration_memberships";
    static final String AS_OF = "collaboration_asof";
    static final String AS_OF_CHUNKS = "collaboration_asof_chunks";

    private final MongoCollection<Document> collaborations;
    private final MongoCollection<Document> memberships;
    private final WriteBatch batch = new WriteBatch();
    private final WriteBatch.Documents<Document> membershipDocuments;
    private final WriteBatch.Documents<Document> collaborationDocuments;
    private final MongoCollection<Document> asOfIndexes;
    private final MongoCollection<Document> asOfChunks;
    private final WriteBatch.Documents<CollaborationHistory.Index> asOfIndexDocuments;
    private final WriteBatch.Documents<CollaborationHistory.Chunk> asOfChunkDocuments;

    public CollaborationProjection(MongoDatabase database) {
        this.collaborations = database.getCollection(COLLABORATIONS);
        this.memberships = database.getCollection(MEMBERSHIPS);
        // memberships first: a crash between the two leaves the collaboration behind, and its redelivered events
        // re-apply membership changes, which are idempotent
        this.membershipDocuments = batch.collection(memberships, d -> d, d -> d);
        // then the as-of history (chunks, then their index, which says how far they go): a crash after it leaves
        // the collaboration behind, whose redelivered events the index already holds (it skips them)
        this.asOfIndexes = database.getCollection(AS_OF);
        this.asOfChunks = database.getCollection(AS_OF_CHUNKS);
        this.asOfChunkDocuments = batch.collection(asOfChunks, CollaborationHistory.Chunk::decode,
                CollaborationHistory.Chunk::encode);
        this.asOfIndexDocuments = batch.collection(asOfIndexes, CollaborationHistory.Index::decode,
                CollaborationHistory.Index::encode);
        this.collaborationDocuments = batch.collection(collaborations, d -> d, d -> d);
    }

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    @EventHandler
    void on(CollaborationEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        boolean applied = apply(event.collaborationId(), sequence, view -> {
            CollaborationHistory.log(asOfIndexDocuments, asOfChunkDocuments, view, event, sequence, at);
            return CollaborationFold.next(view, event, sequence, at);
        });
        if (!applied) {
            return; // redelivered or replayed over a newer state: a stale membership change must not be redone
        }
        if (event instanceof MemberAdded added) {
            changeMembership(added.username(), list -> {
                if (!list.contains(added.collaborationId())) {
                    list.add(added.collaborationId());
                }
            });
        } else if (event instanceof MemberRemoved removed) {
            changeMembership(removed.username(), list -> list.remove(removed.collaborationId()));
        }
    }

    private void changeMembership(String username, java.util.function.Consumer<List<String>> change) {
        Document current = membershipDocuments.find(username);
        List<String> list = new ArrayList<>(current == null ? List.of()
                : current.getList("collaborations", String.class, List.of()));
        change.accept(list);
        Document next = current == null ? new Document("_id", username) : new Document(current);
        membershipDocuments.put(username, next.append("collaborations", list));
    }

    @ResetHandler
    void reset() {
        collaborations.drop();
        memberships.drop();
        asOfIndexes.drop();
        asOfChunks.drop();
    }

    /** Loads by key, applies the event unless already applied, writes back by key; false when already applied. */
    private boolean apply(String collaborationId, long sequence, UnaryOperator<CollaborationView> change) {
        Document stored = collaborationDocuments.find(collaborationId);
        CollaborationView current = stored == null ? null : ViewDocuments.fromDocument(stored, CollaborationView.class);
        if (current != null && current.version() >= sequence) {
            return false;
        }
        CollaborationView next = change.apply(current);
        collaborationDocuments.put(collaborationId, ViewDocuments.toDocument(collaborationId, next));
        return true;
    }

}
