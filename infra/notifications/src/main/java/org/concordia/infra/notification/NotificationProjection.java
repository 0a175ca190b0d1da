package org.concordia.infra.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.bson.Document;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.issue.EvidenceAttached;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueLinked;
import org.concordia.query.inbox.InboxBook;
import org.concordia.query.issue.IssueState;
import org.concordia.query.support.Json;
import org.concordia.query.support.Members;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;

/**
 * Derives notices from the events into the {@linkplain Outbox outbox}, on a tracking processor of its own (one
 * segment: events in global order). It keeps what it needs per issue ({@code notification_issues}: the issue as the
 * inbox folds it, and the sequence number of the last event applied) and per collaboration
 * ({@code notification_members}: members and parties, for recusal), and the {@linkplain Watches watches}. For each
 * event it writes the notices first, then the issue document: after a crash in between, the redelivered event
 * derives the same notices with the same ids, which the outbox already holds; an event at or below the stored sequence
 * number is skipped. It is not a view and is never replayed ({@code @DisallowReplay}: the admin replay refuses it);
 * were its token lost, events older than {@code max-age} would rebuild its state but notify no one.
 */
@ProcessingGroup(NotificationProjection.GROUP)
@DisallowReplay // not a view: a reset would only rebuild its state (events older than max-age notify no one)
public class NotificationProjection {

    public static final String GROUP = "notifications";
    static final String ISSUES = "notification_issues";
    static final String MEMBERS = "notification_members";

    private final MongoCollection<Document> issues;
    private final MongoCollection<Document> members;
    private final Outbox outbox;
    private final Watches watches;
    private final NotificationPreferences preferences;
    private final Duration maxAge;
    private final Clock clock;

    /**
     * @param db            the outbox: journaled
     * @param redeliverable the projection's own state: may lag a crash, as its token does (on a real MongoDB, and in
     *                      tests, the same database as {@code db})
     */
    public NotificationProjection(MongoDatabase db, MongoDatabase redeliverable, NotificationPreferences preferences,
                                  NotificationProperties properties, Clock clock) {
        this.issues = redeliverable.getCollection(ISSUES);
        this.members = redeliverable.getCollection(MEMBERS);
        this.outbox = new Outbox(db);
        this.watches = new Watches(redeliverable);
        this.preferences = preferences;
        this.maxAge = properties.maxAge();
        this.clock = clock;
    }

    @EventHandler
    public void on(CollaborationEvent event, @SequenceNumber Long seq) {
        Document doc = members.find(eq("_id", event.collaborationId())).first();
        if (doc != null && doc.getLong("seq") >= seq) {
            return;
        }
        Members m = doc == null ? new Members() : Json.read(doc.getString("json"), Members.class);
        m.apply(event);
        members.replaceOne(eq("_id", event.collaborationId()), new Document("_id", event.collaborationId())
                .append("seq", seq).append("json", Json.writeState(m)), new ReplaceOptions().upsert(true));
    }

    @EventHandler
    public void on(IssueEvent event, @SequenceNumber Long seq, @Timestamp Instant at) {
        if (event instanceof CommentAdded || event instanceof EvidenceAttached || event instanceof IssueLinked) {
            return; // the discussion tells no one anything here, and costs no write
        }
        Document doc = issues.find(eq("_id", event.issueId())).first();
        if (doc != null && doc.getLong("seq") >= seq) {
            return; // applied before a crash or a redelivery: its notices are in the outbox already
        }
        // read twice: the fold changes the state in place, the facts before must not follow it
        IssueState was = doc == null ? null : Json.read(doc.getString("json"), IssueState.class);
        NoticeRules.Snapshot before = was == null ? null
                : new NoticeRules.Snapshot(InboxBook.Facts.of(was), was.tier.tier().name());
        IssueState state = doc == null ? null : Json.read(doc.getString("json"), IssueState.class);
        state = IssueState.apply(state, event, at, seq).withoutNarrative();
        NoticeRules.Snapshot after = new NoticeRules.Snapshot(InboxBook.Facts.of(state), state.tier.tier().name());
        if (at.isAfter(clock.instant().minus(maxAge))) {
            Document m = members.find(eq("_id", event.collaborationId())).first();
            Members current = m == null ? new Members() : Json.read(m.getString("json"), Members.class);
            List<Notice> notices = NoticeRules.of(event, seq, at, before, after, current);
            for (Notice notice : notices) {
                if (preferences.find(notice.username()).wantsMail()) {
                    outbox.add(notice);
                }
            }
        }
        watches.update(state);
        issues.replaceOne(eq("_id", event.issueId()), new Document("_id", event.issueId())
                .append("collaborationId", event.collaborationId()).append("seq", seq)
                .append("json", Json.writeState(state)), new ReplaceOptions().upsert(true));
    }
}
