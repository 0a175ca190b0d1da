package org.concordia.query.inbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.support.IssueStateStore;
import org.concordia.query.support.Json;
import org.concordia.query.support.Members;
import org.concordia.query.support.Positions;

/**
 * Read model "inboxes": {@code inboxes} {@code {_id: "<username>|<cid>", username, collaborationId, json}} — a
 * user's items in one collaboration; the inbox query fetches the user's collaborations by {@code _id $in}.
 * Members per collaboration in {@code inbox_members}, per-issue working state in {@code inbox_issues}.
 * Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(InboxProjection.GROUP)
public class InboxProjection {

    public static final String GROUP = "inboxes";

    private final IssueStateStore issues;
    private final CollaborationCursor<Members> members;
    private final MongoCollection<Document> inboxes;

    public InboxProjection(MongoDatabase db) {
        this.issues = new IssueStateStore(db, "inbox_issues");
        this.members = new CollaborationCursor<>(db, "inbox_members", Members.class, Members::new);
        this.inboxes = db.getCollection("inboxes");
    }

    static String inboxId(String username, String collaborationId) {
        return username + "|" + collaborationId;
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at, TrackingToken token) {
        handle(event, seq, Positions.of(token), at);
    }

    @EventHandler
    public void on(CollaborationEvent event, @SequenceNumber Long seq, TrackingToken token) {
        handle(event, seq, Positions.of(token));
    }

    public void handle(CollaborationEvent event, long seq, long position) {
        CollaborationCursor.Loaded<Members> m = members.load(event.collaborationId());
        if (seq > m.collaborationSeq && members.shouldApply(m, position, true, GROUP)) {
            m.state.apply(event);
            m.collaborationSeq = seq;
            m.lastPosition = position;
            members.save(m);
        }
    }

    public void handle(IssueEvent event, long seq, long position, Instant at) {
        issues.advance(event, seq, position, at, InboxBook.Effect::of, InboxBook.Effect.class).ifPresent(step -> {
            CollaborationCursor.Loaded<Members> m = members.load(event.collaborationId());
            if (!members.shouldApply(m, position, step.fresh(), GROUP)) {
                return;
            }
            InboxBook.Effect effect = step.effect();
            for (String username : effect.people()) {
                String id = inboxId(username, event.collaborationId());
                Document doc = inboxes.find(Filters.eq("_id", id)).first();
                InboxBook.UserInbox inbox = doc == null ? new InboxBook.UserInbox()
                        : Json.read(doc.getString("json"), InboxBook.UserInbox.class);
                List<InboxBook.Item> items = InboxBook.itemsFor(username, effect.after(), m.state);
                if (doc == null && items.isEmpty()) {
                    continue;
                }
                inbox.replace(effect.issueId(), items);
                inboxes.replaceOne(Filters.eq("_id", id), new Document("_id", id).append("username", username)
                        .append("collaborationId", event.collaborationId()).append("json", Json.write(inbox)),
                        new ReplaceOptions().upsert(true));
            }
            m.lastPosition = position;
            members.save(m);
        });
    }

    @ResetHandler
    public void reset() {
        issues.clear();
        members.clear();
        inboxes.deleteMany(new Document());
    }

    public Inbox find(String username, List<String> collaborationIds) {
        Map<String, InboxBook.UserInbox> byCollaboration = new HashMap<>();
        List<String> ids = collaborationIds.stream().map(c -> inboxId(username, c)).toList();
        for (Document doc : inboxes.find(Filters.in("_id", ids))) {
            byCollaboration.put(doc.getString("collaborationId"),
                    Json.read(doc.getString("json"), InboxBook.UserInbox.class));
        }
        List<InboxBook.UserInbox> ordered = new ArrayList<>();
        collaborationIds.forEach(c -> {
            if (byCollaboration.containsKey(c)) {
                ordered.add(byCollaboration.get(c));
            }
        });
        return InboxBook.toInbox(username, ordered);
    }
}
