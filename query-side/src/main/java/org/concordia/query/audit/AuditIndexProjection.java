package org.concordia.query.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.WriteBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Read model "audit-index": which global positions belong to a collaboration and to an issue, so the audit trail
 * fetches exactly those events by position. {@code audit_index} {@code {_id: cid, lastPosition, json: {count}}};
 * {@code audit_pages} {@code {_id: "<cid>|<k>", positions: [...]}} ({@value #PAGE} each);
 * {@code audit_issues} {@code {_id: "<issueId>|<k>", positions: [...]}}, page {@code k} holding the positions of the
 * issue's events with sequence numbers {@code k × }{@value #ISSUE_PAGE} to {@code (k + 1) × }{@value #ISSUE_PAGE}
 * {@code − 1}, so that an event on a long-running issue rewrites a bounded page, not a list of
 * every position of the issue (layout 2; layout 1 kept one document per issue, still read until rebuilt). An
 * append adds a position once, so a redelivery adds nothing. Needs
 * {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(AuditIndexProjection.GROUP)
public class AuditIndexProjection {

    private final WriteBatch batch;

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public static final String GROUP = "audit-index";
    public static final int PAGE = 1000;
    /** Positions per page of an issue's index. */
    public static final int ISSUE_PAGE = 100;

    /** Collaboration-level state of the index. */
    public static final class Meta {
        public long count;
    }

    private final CollaborationCursor<Meta> index;
    private final MongoCollection<Document> pages;
    private final MongoCollection<Document> issues;
    private final WriteBatch.Documents<PositionList> pageDocuments;
    private final WriteBatch.Documents<PositionList> issueDocuments;

    /** A document {@code {_id, positions: [...]}}, held as a list while a batch appends to it. */
    private record PositionList(String id, List<Long> positions) {
        static PositionList decode(Document doc) {
            List<Long> positions = new ArrayList<>();
            for (Object p : doc.getList("positions", Object.class)) {
                positions.add(((Number) p).longValue());
            }
            return new PositionList(doc.getString("_id"), positions);
        }

        Document encode() {
            return new Document("_id", id).append("positions", positions);
        }

        void add(long position) {
            if (!positions.contains(position)) {
                positions.add(position);
            }
        }
    }

    public AuditIndexProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.issues = db.getCollection("audit_issues");
        this.pages = db.getCollection("audit_pages");
        this.issueDocuments = batch.collection(issues, PositionList::decode, PositionList::encode);
        this.pageDocuments = batch.collection(pages, PositionList::decode, PositionList::encode);
        batch.prefetchByMessage(issueDocuments, message -> issuePageOf(message.getPayload(),
                message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1));
        this.index = new CollaborationCursor<>(batch, db, "audit_index", Meta.class, Meta::new);
    }

    @EventHandler
    public void on(EventMessage<?> message, TrackingToken token) {
        handle(message.getPayload(), message instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1,
               org.concordia.query.support.Positions.of(token));
    }

    /**
     * @param seq      the event's sequence number in its aggregate (an issue event's places it in the issue's pages)
     * @param position its global position
     */
    public void handle(Object payload, long seq, long position) {
        String collaborationId = AuditEntries.trailOf(payload); // or the accounts trail
        if (collaborationId == null) {
            return; // not a fact of a collaboration or an account
        }
        CollaborationCursor.Loaded<Meta> meta = index.load(collaborationId);
        String issuePage = issuePageOf(payload, seq);
        if (meta.lastPosition >= position) {
            PositionList indexed = issuePage == null ? null : issueDocuments.find(issuePage);
            if (issuePage != null && (indexed == null || !indexed.positions().contains(position))) {
                index.shouldApply(meta, position, true, GROUP); // behind the index and never indexed: fails loudly
            }
            return; // a redelivery: already indexed
        }
        if (issuePage != null) {
            append(issueDocuments, issuePage, position);
        }
        long slot = meta.state.count;
        append(pageDocuments, collaborationId + "|" + slot / PAGE, position);
        meta.state.count = slot + 1;
        meta.lastPosition = position;
        index.save(meta);
    }

    /** The page of its issue's positions an event goes to; null for an event of no issue. */
    private static String issuePageOf(Object payload, long seq) {
        return payload instanceof org.concordia.kernel.issue.IssueEvent e ? issuePage(e.issueId(), seq / ISSUE_PAGE)
                : null;
    }

    /** The {@code _id} of page {@code k} of an issue's positions. */
    static String issuePage(String issueId, long k) {
        return issueId + "|" + k;
    }

    private static void append(WriteBatch.Documents<PositionList> documents, String id, long position) {
        PositionList doc = documents.find(id);
        PositionList positions = doc != null ? doc : new PositionList(id, new ArrayList<>());
        positions.add(position);
        documents.put(id, positions);
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
        return index.read(collaborationId);
    }
}
