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

/**
 * Read model "issue-views": one document per issue ({@code issue_views}, {@code _id} = issue id, body = the
 * {@link IssueState} as JSON, {@code seq} = aggregate sequence number applied) plus the collaboration's list pages
 * ({@link IssueListPages}). Idempotent by aggregate sequence number; correct under per-aggregate sequencing too:
 * list rows are written with field-level {@code $set} on one page document, the page bound by {@code $max}.
 */
@ProcessingGroup(IssueViewProjection.GROUP)
public class IssueViewProjection {

    public static final String GROUP = "issue-views";
    public static final String VIEWS = "issue_views";

    private final MongoCollection<Document> views;
    private final IssueListPages pages;

    public IssueViewProjection(MongoDatabase db) {
        this.views = db.getCollection(VIEWS);
        this.pages = new IssueListPages(db);
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at) {
        Document doc = views.find(Filters.eq("_id", event.issueId())).first();
        if (doc != null && doc.getLong("seq") >= seq) {
            return; // already applied: a redelivery
        }
        IssueState state = IssueState.apply(doc == null ? null : Json.read(doc.getString("json"), IssueState.class),
                event, at, seq);
        // the list row first: if we crash before the view is written, the redelivery rewrites the same row
        pages.write(state);
        views.replaceOne(Filters.eq("_id", state.id), new Document("_id", state.id)
                .append("collaborationId", state.collaborationId)
                .append("number", state.number)
                .append("status", state.status.name())
                .append("seq", seq)
                .append("json", Json.write(state)), new ReplaceOptions().upsert(true));
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
