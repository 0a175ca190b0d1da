package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import java.util.List;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueRaised;
import org.concordia.query.support.WriteBatch;

/**
 * Read model "issue-views": per issue a head document ({@code issue_views}, {@code _id} = issue id) and its
 * comments, evidence and links as one document each ({@code issue_view_entries}, see {@link IssueViewDocuments}),
 * plus the collaboration's issue list ({@link IssueListPages}: rows, filter bitsets, text, trigram index). An event
 * rewrites the head and adds at most one entry, whatever the length of the discussion. Idempotent by aggregate
 * sequence number: the list is written first, then the entries, then the heads (which count the entries), each
 * idempotent, so a redelivery after a crash between them rewrites the same documents. Writes go through a
 * {@link WriteBatch}, once per tracking batch.
 */
@ProcessingGroup(IssueViewProjection.GROUP)
public class IssueViewProjection {

    private final WriteBatch batch;

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public static final String GROUP = "issue-views";
    public static final String VIEWS = "issue_views";
    public static final String ENTRIES = IssueViewDocuments.ENTRIES;

    private final MongoCollection<Document> views;
    private final IssueListPages pages;
    private final IssueViewDocuments documents;

    public IssueViewProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.views = db.getCollection(VIEWS);
        // the list first: if we crash before the views are written, the redelivery rewrites the same rows
        this.pages = new IssueListPages(batch, db);
        this.documents = new IssueViewDocuments(batch, db, views);
        // after the heads' prefetch (declared by the documents above): the buckets depend on the issue as it was
        batch.prefetchAll(pages.bitDocuments(), message -> {
            if (!(message.getPayload() instanceof IssueEvent event)) {
                return List.of();
            }
            IssueViewDocuments.Held held = documents.find(event.issueId());
            IssueState before = held == null ? null : held.state();
            long number = before != null ? before.number : event instanceof IssueRaised raised ? raised.number() : -1;
            return number < 0 ? List.<String>of()
                    : pages.sortBucketIds(event.collaborationId(), number, before, message.getTimestamp());
        });
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at) {
        IssueViewDocuments.Held held = documents.find(event.issueId());
        IssueState current = held == null ? null : held.state();
        if (current != null && current.version >= seq) {
            return; // already applied: a redelivery
        }
        IssueListPages.Keys before = IssueListPages.Keys.of(current); // apply changes current in place
        IssueState state = IssueState.apply(current, event, at, seq);
        pages.write(before, state);
        documents.put(held == null ? IssueViewDocuments.Held.fresh(state) : held);
    }

    @ResetHandler
    public void reset() {
        views.deleteMany(new Document());
        documents.clearEntries();
        pages.clear();
    }

    /** The whole issue (head and every entry); null if there is none. */
    public IssueState find(String issueId) {
        Document doc = views.find(Filters.eq("_id", issueId)).first();
        return doc == null ? null : documents.read(doc);
    }
}
