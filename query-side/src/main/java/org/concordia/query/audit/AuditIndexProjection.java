package org.concordia.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.Positions;

/**
 * Read model "audit-index": which global positions belong to a collaboration and to an issue, so the audit trail
 * fetches exactly those events by position. {@code audit_index} {@code {_id: cid, lastPosition, json: {count}}};
 * {@code audit_pages} {@code {_id: "<cid>|<k>", positions: [...]}} ({@value #PAGE} each);
 * {@code audit_issues} {@code {_id: issueId, positions: [...]}}. Appends use {@code $addToSet}, so a redelivery
 * adds nothing. Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(AuditIndexProjection.GROUP)
public class AuditIndexProjection {

    public static final String GROUP = "audit-index";
    public static final int PAGE = 1000;

    /** Collaboration-level state of the index. */
    public static final class Meta {
        public long count;
    }

    private final CollaborationCursor<Meta> index;
    private final MongoCollection<Document> pages;
    private final MongoCollection<Document> issues;

    public AuditIndexProjection(MongoDatabase db) {
        this.index = new CollaborationCursor<>(db, "audit_index", Meta.class, Meta::new);
        this.pages = db.getCollection("audit_pages");
        this.issues = db.getCollection("audit_issues");
    }

    @EventHandler
    public void on(EventMessage<?> message, TrackingToken token) {
        handle(message.getPayload(), Positions.of(token));
    }

    public void handle(Object payload, long position) {
        String collaborationId = AuditEntries.collaborationOf(payload);
        if (collaborationId == null) {
            return; // not a fact of a collaboration
        }
        CollaborationCursor.Loaded<Meta> meta = index.load(collaborationId);
        String issueId = payload instanceof org.concordia.kernel.issue.IssueEvent e ? e.issueId() : null;
        if (meta.lastPosition >= position) {
            if (issueId != null && issues.find(Filters.and(Filters.eq("_id", issueId),
                    Filters.eq("positions", position))).first() == null) {
                index.shouldApply(meta, position, true, GROUP); // behind the index and never indexed: fails loudly
            }
            return; // a redelivery: already indexed
        }
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        if (issueId != null) {
            issues.updateOne(Filters.eq("_id", issueId), Updates.addToSet("positions", position), upsert);
        }
        long slot = meta.state.count;
        pages.updateOne(Filters.eq("_id", collaborationId + "|" + slot / PAGE), Updates.addToSet("positions", position),
                upsert);
        meta.state.count = slot + 1;
        meta.lastPosition = position;
        index.save(meta);
    }

    @ResetHandler
    public void reset() {
        index.clear();
        pages.deleteMany(new Document());
        issues.deleteMany(new Document());
    }

    MongoCollection<Document> pages() {
        return pages;
    }

    MongoCollection<Document> issues() {
        return issues;
    }

    CollaborationCursor.Loaded<Meta> meta(String collaborationId) {
        return index.load(collaborationId);
    }
}
