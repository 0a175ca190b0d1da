package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.query.support.Json;
import org.concordia.query.support.WriteBatch;

/**
 * Read model "issue-views": one document per issue ({@code issue_views}, {@code _id} = issue id, body = the
 * {@link IssueState} as JSON, {@code seq} = aggregate sequence number applied) plus the collaboration's issue list
 * ({@link IssueListPages}: rows, filter bitsets, text, trigram index). Idempotent by aggregate sequence number: the list is
 * written before the views in each batch, and its bit changes are idempotent, so a redelivery after a crash
 * between the two rewrites the same list. Writes go through a {@link WriteBatch}, once per tracking batch.
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

    private final MongoCollection<Document> views;
    private final IssueListPages pages;
    private final WriteBatch.Documents<IssueState> viewDocuments;

    public IssueViewProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.views = db.getCollection(VIEWS);
        // the list first: if we crash before the views are written, the redelivery rewrites the same rows
        this.pages = new IssueListPages(batch, db);
        this.viewDocuments = batch.collection(views, doc -> Json.read(doc.getString("json"), IssueState.class),
                state -> new Document("_id", state.id)
                        .append("collaborationId", state.collaborationId)
                        .append("number", state.number)
                        .append("status", state.status.name())
                        .append("seq", state.version)
                        .append("json", Json.writeState(state)));
        batch.prefetch(viewDocuments, payload -> payload instanceof IssueEvent e ? e.issueId() : null);
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at) {
        IssueState current = viewDocuments.find(event.issueId());
        if (current != null && current.version >= seq) {
            return; // already applied: a redelivery
        }
        IssueListPages.Keys before = IssueListPages.Keys.of(current); // apply changes current in place
        IssueState state = IssueState.apply(current, event, at, seq);
        pages.write(before, state);
        viewDocuments.put(state.id, state);
    }

    @ResetHandler
    public void reset() {
        views.deleteMany(new Document());
        pages.clear();
    }

    public IssueState find(String issueId) {
        Document doc = views.find(Filters.eq("_id", issueId)).first();
        return doc == null ? null : Json.read(doc.getString("json"), IssueState.class);
    }


}
