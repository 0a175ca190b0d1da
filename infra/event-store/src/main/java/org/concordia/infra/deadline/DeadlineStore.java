package org.concordia.infra.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.concordia.infra.lease.Lease;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The deadlines in MongoDB, every hot path an {@code _id} lookup: {@code <prefix>_entries} (one per deadline, the
 * commit point of a schedule), {@code <prefix>_buckets} (due items per time bucket), {@code <prefix>_scopes} (ids per
 * deadline name and scope) and {@code <prefix>_state} (the poller's cursor, a cancel sequence per name). A running
 * deadline is claimed with the shared {@link Lease}. The layout in full: {@code docs/event-store.md}.
 * <p>
 * Buckets and scopes are written through {@code registries} (on the embedded server: acknowledged before they are
 * durable, made durable by the next journaled write): every such write either precedes the entry write that is the
 * commit point of its schedule or follows the entry write that ended the deadline, so what a crash may lose is what
 * a crash between two writes may leave anyway.
 */
final class DeadlineStore {

    static final String STATUS_SCHEDULED = "SCHEDULED";
    static final String STATUS_RUNNING = "RUNNING";
    static final String STATUS_FAILED = "FAILED";
    static final String CURSOR_ID = "cursor";
    static final String NAME_PREFIX = "name:";

    private static final String ID = "_id";
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
    /** A claim is a lease on the entry; earlier releases recorded only when it was taken ({@code claimedAt}). */
    private static final Lease.Fields CLAIM = new Lease.Fields("owner", "claimedUntil", "claimedAt");

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> scopes;
    private final MongoCollection<Document> state;
    private final Serializer serializer;
    private final long bucketMillis;
    private final Lease claims;

    DeadlineStore(MongoDatabase database, MongoDatabase registries, String prefix, Serializer serializer,
                  Duration bucketSize, String nodeId, Duration claimLease, Clock clock) {
        this.entries = database.getCollection(prefix + "_entries");
        this.buckets = registries.getCollection(prefix + "_buckets");
        this.scopes = registries.getCollection(prefix + "_scopes");
        this.state = database.getCollection(prefix + "_state");
        this.serializer = serializer;
        this.bucketMillis = bucketSize.toMillis();
        this.claims = new Lease(entries, CLAIM, nodeId, claimLease, clock);
    }

    // ------------------------------------------------------------------------------------------------ schedules

    /** Stores a deadline due at {@code due} (epoch millis); the entry, written last, is the commit point. */
    void persist(String scheduleId, long due, Instant now, String deadlineName, DeadlineMessage<?> message,
                 ScopeDescriptor scope) {
        SerializedObject<String> serializedScope = serializer.serialize(scope, String.class);
        String scopeKey = scopeKey(deadlineName, serializedScope);
        Document entry = new Document(ID, scheduleId)
                .append("name", deadlineName)
                .append("scopeKey", scopeKey)
                .append("scope", serializedScope.getData())
                .append("scopeType", serializedScope.getType().getName())
                .append("messageId", message.getIdentifier())
                .append("timestamp", message.getTimestamp().toString())
                .append("metaData", serializer.serialize(message.getMetaData(), String.class).getData());
        Object payload = message.getPayload();
        if (payload != null) {
            SerializedObject<String> serializedPayload = serializer.serialize(payload, String.class);
            entry.append("payload", serializedPayload.getData())
                 .append("payloadType", serializedPayload.getType().getName())
                 .append("payloadRevision", serializedPayload.getType().getRevision());
        }
        entry.append("due", due)
             .append("dueAt", new Date(due))
             .append("nameSeq", cancelSeq(deadlineName))
             .append("status", STATUS_SCHEDULED)
             .append("attempts", 0)
             .append("version", 0L)
             .append("createdAt", Date.from(now));
        // Registries first, the entry last: the entry is the commit point. A crash in between leaves only
        // references to a missing entry, which are cleaned up, never an entry that cannot fire or be cancelled.
        scopes.updateOne(Filters.eq(ID, scopeKey),
                         Updates.combine(Updates.setOnInsert("name", deadlineName),
                                         Updates.addToSet("ids", scheduleId)),
                         UPSERT);
        addBucketItem(scheduleId, due);
        entries.insertOne(entry);
    }

    void cancel(String deadlineName, String scheduleId) {
        Document removed = entries.findOneAndDelete(Filters.and(Filters.eq(ID, scheduleId),
                                                                Filters.eq("name", deadlineName),
                                                                Filters.ne("status", STATUS_FAILED)));
        if (removed != null) {
            removeFromScope(removed.getString("scopeKey"), scheduleId);
        }
    }

    /** Every entry scheduled before now under this name is dropped instead of fired. */
    void cancelAll(String deadlineName) {
        state.updateOne(Filters.eq(ID, NAME_PREFIX + deadlineName), Updates.inc("cancelSeq", 1L), UPSERT);
    }

    void cancelWithinScope(String deadlineName, ScopeDescriptor scope) {
        String scopeKey = scopeKey(deadlineName, serializer.serialize(scope, String.class));
        Document registry = scopes.find(Filters.eq(ID, scopeKey)).first();
        if (registry == null) {
            return;
        }
        List<String> ids = registry.getList("ids", String.class, Collections.emptyList());
        if (!ids.isEmpty()) {
            entries.deleteMany(Filters.and(Filters.in(ID, ids), Filters.ne("status", STATUS_FAILED)));
            scopes.updateOne(Filters.eq(ID, scopeKey), Updates.pullAll("ids", ids));
        }
        scopes.deleteOne(Filters.and(Filters.eq(ID, scopeKey), Filters.size("ids", 0)));
    }

    long cancelSeq(String deadlineName) {
        Document doc = state.find(Filters.eq(ID, NAME_PREFIX + deadlineName)).first();
        return doc == null ? 0L : doc.get("cancelSeq", Number.class).longValue();
    }

    // ------------------------------------------------------------------------------------------------ entries

    Document entry(String id) {
        return entries.find(Filters.eq(ID, id)).first();
    }

    /** Whether a live node holds the entry's claim. */
    boolean isClaimed(Document entry) {
        return claims.isHeld(entry);
    }

    /** Claims the entry for this node if its version is still {@code version} and no live node holds it. */
    Optional<Document> claim(String id, long version) {
        return claims.acquire(id, Filters.eq("version", version),
                              Updates.combine(Updates.set("status", STATUS_RUNNING), Updates.inc("version", 1L)));
    }

    /** Removes a deadline that ran, or was cancelled by name, with its scope reference and its bucket item. */
    void remove(String id, long version, String scopeKey, long bucket, Document item) {
        entries.deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq("version", version)));
        removeFromScope(scopeKey, id);
        pullBucketItem(bucket, item);
    }

    /** Keeps a deadline that failed for good, so that it can be looked at; it never fires again. */
    void markFailed(Document entry, long version, int attempts, String error, Instant now, long bucket,
                    Document item) {
        String id = entry.getString(ID);
        entries.updateOne(ownClaim(id, version), Updates.combine(Updates.set("status", STATUS_FAILED),
                                                                 Updates.set("attempts", attempts),
                                                                 Updates.set("lastError", error),
                                                                 Updates.set("failedAt", Date.from(now)),
                                                                 claims.freed(),
                                                                 Updates.inc("version", 1L)));
        removeFromScope(entry.getString("scopeKey"), id);
        pullBucketItem(bucket, item);
    }

    /** Schedules a failed deadline again at {@code nextDue} (epoch millis). */
    void reschedule(Document entry, long version, int attempts, String error, long nextDue, long bucket,
                    Document item) {
        String id = entry.getString(ID);
        addBucketItem(id, nextDue); // new bucket first, so the entry is never absent from every bucket
        entries.updateOne(ownClaim(id, version), Updates.combine(Updates.set("status", STATUS_SCHEDULED),
                                                                 Updates.set("attempts", attempts),
                                                                 Updates.set("lastError", error),
                                                                 Updates.set("due", nextDue),
                                                                 Updates.set("dueAt", new Date(nextDue)),
                                                                 claims.freed(),
                                                                 Updates.unset("claimedAt"),
                                                                 Updates.inc("version", 1L)));
        pullBucketItem(bucket, item);
    }

    private static Bson ownClaim(String id, long version) {
        return Filters.and(Filters.eq(ID, id), Filters.eq("version", version));
    }

    DeadlineMessage<?> message(Document entry) {
        Object payload = null;
        if (entry.getString("payloadType") != null) {
            payload = serializer.deserialize(new SimpleSerializedObject<>(entry.getString("payload"),
                                                                          String.class,
                                                                          entry.getString("payloadType"),
                                                                          entry.getString("payloadRevision")));
        }
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                entry.getString("metaData"), String.class, MetaData.class.getName(), null));
        return new GenericDeadlineMessage<>(entry.getString("name"), entry.getString("messageId"), payload, metaData,
                                            Instant.parse(entry.getString("timestamp")));
    }

    ScopeDescriptor scope(Document entry) {
        return serializer.deserialize(new SimpleSerializedObject<>(
                entry.getString("scope"), String.class, entry.getString("scopeType"), null));
    }

    // ------------------------------------------------------------------------------------------------ buckets

    long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    Document bucket(long bucket) {
        return buckets.find(Filters.eq(ID, bucket)).first();
    }

    /** The first bucket after {@code bucket} that exists, or null: a range query (a scan on the embedded server). */
    Document bucketAfter(long bucket) {
        return buckets.find(Filters.gt(ID, bucket)).projection(Projections.include(ID))
                      .sort(Sorts.ascending(ID)).limit(1).first();
    }

    Document firstBucket() {
        return buckets.find().projection(Projections.include(ID)).sort(Sorts.ascending(ID)).limit(1).first();
    }

    void deleteIfDrained(long bucket) {
        buckets.deleteOne(Filters.and(Filters.eq(ID, bucket), Filters.size("items", 0)));
    }

    void addBucketItem(String id, long due) {
        buckets.updateOne(Filters.eq(ID, bucketOf(due)),
                          Updates.addToSet("items", new Document("id", id).append("due", due)),
                          UPSERT);
    }

    void pullBucketItem(long bucket, Document item) {
        buckets.updateOne(Filters.eq(ID, bucket),
                          Updates.pull("items", new Document("id", item.getString("id"))
                                  .append("due", item.get("due", Number.class).longValue())));
    }

    // ------------------------------------------------------------------------------------------------ the cursor

    /** The first bucket that may still hold work, or null when no poller has set it yet. */
    Long cursor() {
        Document cursor = state.find(Filters.eq(ID, CURSOR_ID)).first();
        return cursor == null ? null : cursor.get("bucket", Number.class).longValue();
    }

    void setCursor(long bucket, Instant now) {
        state.updateOne(Filters.eq(ID, CURSOR_ID),
                        Updates.combine(Updates.set("bucket", bucket), Updates.set("updatedAt", Date.from(now))),
                        UPSERT);
    }

    /** Moves the cursor forward to {@code bucket}, never back (another node may have moved it further). */
    void advanceCursor(long bucket, Instant now) {
        state.updateOne(Filters.eq(ID, CURSOR_ID),
                        Updates.combine(Updates.max("bucket", bucket), Updates.set("updatedAt", Date.from(now))),
                        UPSERT);
    }

    // ------------------------------------------------------------------------------------------------ scopes

    void removeFromScope(String scopeKey, String id) {
        if (scopeKey == null) {
            return;
        }
        scopes.updateOne(Filters.eq(ID, scopeKey), Updates.pull("ids", id));
        scopes.deleteOne(Filters.and(Filters.eq(ID, scopeKey), Filters.size("ids", 0)));
    }

    static String scopeKey(String deadlineName, SerializedObject<String> serializedScope) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(serializedScope.getType().getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(serializedScope.getData().getBytes(StandardCharsets.UTF_8));
            return deadlineName + "|" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }
}
