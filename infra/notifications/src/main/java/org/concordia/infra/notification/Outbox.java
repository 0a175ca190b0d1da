package org.concordia.infra.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

/**
 * The durable outbox: {@code notification_outbox} {@code {_id: notice id, username, kind, collaborationId, issueId,
 * issueKey, title, detail, createdAt, state, attempts, nextAttemptAt, sentAt, digestId, lastError}} and
 * {@code notification_digests} {@code {_id: "<username>|<cutoff>", username, entryIds, state, attempts,
 * nextAttemptAt, createdAt, sentAt}}. Entries are inserted only if absent (their ids are deterministic), so a notice
 * derived twice is stored once; a state moves PENDING → (BATCHED →) SENT, or to DROPPED (the user turned mail off),
 * WITHHELD (the user may not see the issue) or FAILED (given up after the last attempt). Everything is deleted
 * {@code retention} after it was created, sent or not, so nothing grows without bound.
 */
final class Outbox {

    static final String ENTRIES = "notification_outbox";
    static final String DIGESTS = "notification_digests";

    static final String PENDING = "PENDING";
    static final String BATCHED = "BATCHED";
    static final String SENT = "SENT";
    static final String DROPPED = "DROPPED";
    static final String WITHHELD = "WITHHELD";
    static final String FAILED = "FAILED";

    record Entry(String id, String username, NoticeKind kind, String collaborationId, String issueId, String issueKey,
                 String title, String detail, Instant createdAt, String state, int attempts, Instant nextAttemptAt,
                 String digestId) {

        static Entry decode(Document d) {
            return new Entry(d.getString("_id"), d.getString("username"), NoticeKind.valueOf(d.getString("kind")),
                             d.getString("collaborationId"), d.getString("issueId"), d.getString("issueKey"),
                             d.getString("title"), d.getString("detail"), instant(d, "createdAt"),
                             d.getString("state"), d.getInteger("attempts", 0), instant(d, "nextAttemptAt"),
                             d.getString("digestId"));
        }

        Notice notice() {
            return new Notice(id, username, kind, collaborationId, issueId, issueKey, title, detail, createdAt);
        }
    }

    record Digest(String id, String username, List<String> entryIds, String state, int attempts,
                  Instant nextAttemptAt) {

        static Digest decode(Document d) {
            return new Digest(d.getString("_id"), d.getString("username"), d.getList("entryIds", String.class),
                              d.getString("state"), d.getInteger("attempts", 0), instant(d, "nextAttemptAt"));
        }
    }

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> digests;

    Outbox(MongoDatabase db) {
        this.entries = db.getCollection(ENTRIES);
        this.digests = db.getCollection(DIGESTS);
    }

    /** Stores the notice unless an entry of its id exists (whatever its state): at most one entry per notice. */
    void add(Notice n) {
        entries.updateOne(eq("_id", n.id()), Updates.combine(
                Updates.setOnInsert("username", n.username()), Updates.setOnInsert("kind", n.kind().name()),
                Updates.setOnInsert("collaborationId", n.collaborationId()),
                Updates.setOnInsert("issueId", n.issueId()), Updates.setOnInsert("issueKey", n.issueKey()),
                Updates.setOnInsert("title", n.title()), Updates.setOnInsert("detail", n.detail()),
                Updates.setOnInsert("createdAt", Date.from(n.at())), Updates.setOnInsert("state", PENDING),
                Updates.setOnInsert("attempts", 0)), new UpdateOptions().upsert(true));
    }

    List<Entry> pending() {
        return decode(entries.find(eq("state", PENDING)));
    }

    List<Entry> ofUser(String username, String state) {
        return decode(entries.find(Filters.and(eq("username", username), eq("state", state))));
    }

    List<Entry> byIds(List<String> ids) {
        return decode(entries.find(in("_id", ids)));
    }

    private static List<Entry> decode(Iterable<Document> docs) {
        List<Entry> found = new ArrayList<>();
        docs.forEach(d -> found.add(Entry.decode(d)));
        found.sort(java.util.Comparator.comparing(Entry::createdAt).thenComparing(Entry::id));
        return found;
    }

    void markSent(String id, Instant at) {
        entries.updateOne(eq("_id", id), Updates.combine(Updates.set("state", SENT), Updates.set("sentAt", Date.from(at)),
                                                         Updates.unset("nextAttemptAt")));
    }

    void markSent(List<String> ids, Instant at) {
        entries.updateMany(in("_id", ids), Updates.combine(Updates.set("state", SENT),
                                                           Updates.set("sentAt", Date.from(at))));
    }

    void finish(String id, String state, String why) {
        entries.updateOne(eq("_id", id), Updates.combine(Updates.set("state", state), Updates.set("lastError", why)));
    }

    void retry(String id, int attempts, Instant next, String why) {
        entries.updateOne(eq("_id", id), Updates.combine(Updates.set("attempts", attempts),
                                                         Updates.set("nextAttemptAt", Date.from(next)),
                                                         Updates.set("lastError", why)));
    }

    /** Records the digest (once per user and cutoff) and moves its entries out of the pending ones. */
    Digest batch(String digestId, String username, List<String> entryIds, Instant now) {
        digests.updateOne(eq("_id", digestId), Updates.combine(
                Updates.setOnInsert("username", username), Updates.setOnInsert("state", PENDING),
                Updates.setOnInsert("attempts", 0), Updates.setOnInsert("createdAt", Date.from(now)),
                Updates.addEachToSet("entryIds", entryIds)), new UpdateOptions().upsert(true));
        entries.updateMany(Filters.and(in("_id", entryIds), eq("state", PENDING)),
                           Updates.combine(Updates.set("state", BATCHED), Updates.set("digestId", digestId)));
        return Digest.decode(digests.find(eq("_id", digestId)).first());
    }

    List<Digest> pendingDigests() {
        List<Digest> found = new ArrayList<>();
        digests.find(eq("state", PENDING)).forEach(d -> found.add(Digest.decode(d)));
        return found;
    }

    void finishDigest(String id, String state, Instant at) {
        Bson update = Updates.combine(Updates.set("state", state), Updates.set("sentAt", Date.from(at)));
        digests.updateOne(eq("_id", id), update);
    }

    void retryDigest(String id, int attempts, Instant next, String why) {
        digests.updateOne(eq("_id", id), Updates.combine(Updates.set("attempts", attempts),
                                                         Updates.set("nextAttemptAt", Date.from(next)),
                                                         Updates.set("lastError", why)));
    }

    /** Deletes what was created before {@code before}: sent or given up, and pending ones too (too late to tell). */
    long prune(Instant before) {
        long gone = entries.deleteMany(lt("createdAt", Date.from(before))).getDeletedCount();
        digests.deleteMany(lt("createdAt", Date.from(before)));
        return gone;
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
