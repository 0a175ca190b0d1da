package org.concordia.query.inbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
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
import org.concordia.query.support.WriteBatch;

/**
 * Read model "inboxes": {@code inboxes} {@code {_id: "<username>|<cid>", username, collaborationId, json}} — a
 * user's items in one collaboration; the inbox query fetches the user's collaborations by {@code _id $in}.
 * Members per collaboration in {@code inbox_members}, per-issue working state in {@code inbox_issues}.
 * Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(InboxProjection.GROUP)
public class InboxProjection {

    private final WriteBatch batch;

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public static final String GROUP = "inboxes";

    private final IssueStateStore issues;
    private final CollaborationCursor<Members> members;
    private final MongoCollection<Document> inboxes;
    private final WriteBatch.Documents<StoredInbox> inboxDocuments;

    /** A user's inbox in one collaboration, decoded once per batch. */
    private record StoredInbox(String id, String username, String collaborationId, InboxBook.UserInbox inbox) {
        static StoredInbox decode(Document doc) {
            return new StoredInbox(doc.getString("_id"), doc.getString("username"), doc.getString("collaborationId"),
                    Json.read(doc.getString("json"), InboxBook.UserInbox.class));
        }

        Document encode() {
            return new Document("_id", id).append("username", username).append("collaborationId", collaborationId)
                    .append("json", Json.writeState(inbox));
        }
    }

    public InboxProjection(MongoDatabase db) {
        this.batch = new WriteBatch();
        this.issues = new IssueStateStore(batch, db, "inbox_issues");
        this.inboxes = db.getCollection("inboxes");
        this.inboxDocuments = batch.collection(inboxes, StoredInbox::decode, StoredInbox::encode);
        this.members = new CollaborationCursor<>(batch, db, "inbox_members", Members.class, Members::new);
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
        CollaborationCursor.Loaded<Members> m = members.load(event.collaborationId());
        issues.advance(event, seq, position, at, m.lastPosition, InboxBook.Facts::of,
                (before, after) -> new InboxBook.Effect(after.id, before, InboxBook.Facts.of(after)),
                InboxBook.Effect.class).ifPresent(step -> {
            if (!members.shouldApply(m, position, step.fresh(), GROUP)) {
                return;
            }
            InboxBook.Effect effect = step.effect();
            for (String username : effect.people()) {
                String id = inboxId(username, event.collaborationId());
                StoredInbox doc = inboxDocuments.find(id);
                InboxBook.UserInbox inbox = doc == null ? new InboxBook.UserInbox() : doc.inbox();
                List<InboxBook.Item> items = InboxBook.itemsFor(username, effect.after(), m.state);
                if (doc == null && items.isEmpty()) {
                    continue;
                }
                inbox.replace(effect.issueId(), items);
                inboxDocuments.put(id, new StoredInbox(id, username, event.collaborationId(), inbox));
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
