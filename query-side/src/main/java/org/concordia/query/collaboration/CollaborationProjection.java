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
import org.concordia.kernel.collaboration.CollaborationRegistered;
import org.concordia.kernel.collaboration.GovernanceLadderDefined;
import org.concordia.kernel.collaboration.IssueNumberAllocated;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.collaboration.PartyRegistered;
import org.concordia.kernel.collaboration.query.CollaborationView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    void on(CollaborationRegistered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.collaborationId(), sequence, view -> new CollaborationView(
                event.collaborationId(), event.key(), event.name(), event.kind(), event.description(), at,
                event.actor().username(), List.of(), List.of(), new CollaborationView.Ladder(0, List.of(), null),
                0, sequence));
    }

    @EventHandler
    void on(PartyRegistered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.collaborationId(), sequence, view -> {
            List<CollaborationView.Party> parties = new ArrayList<>(view.parties());
            parties.add(new CollaborationView.Party(event.partyId(), event.name(), event.role(), at));
            return with(view, parties, view.members(), view.governance(), view.issueCount(), sequence);
        });
    }

    @EventHandler
    void on(MemberAdded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.collaborationId(), sequence, view -> {
            List<CollaborationView.Member> members = new ArrayList<>(view.members());
            members.removeIf(m -> m.username().equals(event.username()) && m.active());
            members.add(new CollaborationView.Member(event.username(), event.partyId(), event.roles(), at, null));
            return with(view, view.parties(), members, view.governance(), view.issueCount(), sequence);
        });
        memberships.updateOne(eq("_id", event.username()), Updates.addToSet("collaborations", event.collaborationId()),
                              new UpdateOptions().upsert(true));
    }

    @EventHandler
    void on(MemberRemoved event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.collaborationId(), sequence, view -> {
            List<CollaborationView.Member> members = new ArrayList<>();
            for (CollaborationView.Member member : view.members()) {
                members.add(member.username().equals(event.username()) && member.active()
                                    ? new CollaborationView.Member(member.username(), member.partyId(),
                                                                   member.roles(), member.addedAt(), at)
                                    : member);
            }
            return with(view, view.parties(), members, view.governance(), view.issueCount(), sequence);
        });
        memberships.updateOne(eq("_id", event.username()), Updates.pull("collaborations", event.collaborationId()));
    }

    @EventHandler
    void on(GovernanceLadderDefined event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.collaborationId(), sequence, view -> with(
                view, view.parties(), view.members(),
                new CollaborationView.Ladder(event.ladderVersion(), event.tiers(), at), view.issueCount(), sequence));
    }

    @EventHandler
    void on(IssueNumberAllocated event, @SequenceNumber long sequence) {
        apply(event.collaborationId(), sequence, view -> with(
                view, view.parties(), view.members(), view.governance(), event.number(), sequence));
    }

    @ResetHandler
    void reset() {
        collaborations.drop();
        memberships.drop();
    }

    /** Loads by key, applies the event unless already applied, writes back by key. */
    private void apply(String collaborationId, long sequence, UnaryOperator<CollaborationView> change) {
        Document stored = collaborations.find(eq("_id", collaborationId)).first();
        CollaborationView current = stored == null ? null : ViewDocuments.fromDocument(stored, CollaborationView.class);
        if (current != null && current.version() >= sequence) {
            return;
        }
        CollaborationView next = change.apply(current);
        collaborations.replaceOne(eq("_id", collaborationId), ViewDocuments.toDocument(collaborationId, next),
                                  new ReplaceOptions().upsert(true));
    }

    private static CollaborationView with(CollaborationView view, List<CollaborationView.Party> parties,
                                          List<CollaborationView.Member> members, CollaborationView.Ladder ladder,
                                          long issueCount, long version) {
        return new CollaborationView(view.id(), view.key(), view.name(), view.kind(), view.description(),
                                     view.registeredAt(), view.registeredBy(), List.copyOf(parties),
                                     List.copyOf(members), ladder, issueCount, version);
    }
}
