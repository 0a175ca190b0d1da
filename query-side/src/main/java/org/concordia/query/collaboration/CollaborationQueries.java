package org.concordia.query.collaboration;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;

import org.concordia.query.audit.AuditTrail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/** Answers collaboration queries from the documents {@link CollaborationProjection} keeps, by key. */
public class CollaborationQueries {

    private final MongoCollection<Document> collaborations;
    private final MongoCollection<Document> memberships;
    private final AuditTrail history;
    private final MongoCollection<Document> asOfIndexes;
    private final MongoCollection<Document> asOfChunks;

    public CollaborationQueries(MongoDatabase database, AuditTrail history) {
        this.collaborations = database.getCollection(CollaborationProjection.COLLABORATIONS);
        this.memberships = database.getCollection(CollaborationProjection.MEMBERSHIPS);
        this.history = history;
        this.asOfIndexes = database.getCollection(CollaborationProjection.AS_OF);
        this.asOfChunks = database.getCollection(CollaborationProjection.AS_OF_CHUNKS);
    }

    @QueryHandler
    public Optional<CollaborationView> handle(FindCollaboration query) {
        if (query.asOf() != null) {
            return asOf(query.collaborationId(), query.asOf());
        }
        return Optional.ofNullable(collaborations.find(eq("_id", query.collaborationId())).first())
                       .map(document -> ViewDocuments.fromDocument(document, CollaborationView.class));
    }

    /**
     * The collaboration as it stood at {@code instant}: its latest version whose events are all at or before then,
     * from its logged history ({@link CollaborationHistory}: two look-ups); folded from the audit trail only where
     * no history is logged (a data directory the projection has not rebuilt yet).
     */
    private Optional<CollaborationView> asOf(String collaborationId, Instant instant) {
        Optional<CollaborationView> logged = CollaborationHistory.asOf(asOfIndexes, asOfChunks, collaborationId,
                instant);
        return logged != null ? logged : folded(collaborationId, instant);
    }

    /** The collaboration's own events up to the first after {@code instant}, folded in position order. */
    private Optional<CollaborationView> folded(String collaborationId, Instant instant) {
        CollaborationView view = null;
        try (Stream<TrackedEventMessage<?>> events = history.events(collaborationId, null)) {
            for (TrackedEventMessage<?> event : (Iterable<TrackedEventMessage<?>>) events::iterator) {
                if (event.getTimestamp().isAfter(instant)) {
                    break;
                }
                if (event.getPayload() instanceof CollaborationEvent collaborationEvent
                    && event instanceof DomainEventMessage<?> domainEvent) {
                    view = CollaborationFold.next(view, collaborationEvent, domainEvent.getSequenceNumber(),
                                                  event.getTimestamp());
                }
            }
        }
        return Optional.ofNullable(view);
    }

    @QueryHandler
    public List<CollaborationSummary> handle(FindCollaborationsOfMember query) {
        Document membership = memberships.find(eq("_id", query.username())).first();
        List<String> ids = membership == null ? List.of() : membership.getList("collaborations", String.class);
        List<CollaborationSummary> summaries = new ArrayList<>();
        if (ids.isEmpty()) {
            return summaries;
        }
        for (Document document : collaborations.find(in("_id", ids))) {
            CollaborationView view = ViewDocuments.fromDocument(document, CollaborationView.class);
            view.activeMember(query.username()).ifPresent(member -> summaries.add(new CollaborationSummary(
                    view.id(), view.key(), view.name(), view.kind(), member.roles(), view.issueCount())));
        }
        summaries.sort(Comparator.comparing(CollaborationSummary::key));
        return summaries;
    }
}
