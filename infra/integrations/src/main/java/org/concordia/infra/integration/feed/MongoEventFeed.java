package org.concordia.infra.integration.feed;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Consumer;

/**
 * The feed in MongoDB, read and written only by {@code _id} key lookups: entries by position ({@value #ENTRIES}),
 * positions by event id ({@value #FED_EVENTS}), a head hint ({@value #META}) and the writer's view of membership
 * ({@value #MEMBERS}). Why it never has a hole nor feeds an event twice, and how {@link #recoverHead} repairs a
 * crash: docs/integrations.md, "How the feed is stored".
 */
public class MongoEventFeed implements EventFeed {

    public static final String ENTRIES = "integration_feed";
    public static final String FED_EVENTS = "integration_feed_events";
    public static final String META = "integration_feed_meta";
    public static final String MEMBERS = "integration_feed_members";
    private static final String HEAD_HINT_ID = "head";
    /** Positions probed per round trip when looking for the head. */
    private static final int PROBE_BATCH = 64;
    /** Positions read per round trip when scanning. */
    private static final int SCAN_CHUNK = 500;
    /** The largest page {@link #after} reads in one go. */
    public static final int MAX_LIMIT = 1000;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> fedEvents;
    private final MongoCollection<Document> meta;
    private final MongoCollection<Document> members;

    /** A stretch of the feed read for one caller: what they may see, and the last position looked at. */
    public record Scan(List<FeedEntry> entries, long lastScanned) {
    }

    public MongoEventFeed(MongoDatabase database) {
        this(database, database);
    }

    /**
     * @param repairable where the event-id records and the head hint go: writes that may be acknowledged before they
     *                   are durable (on the embedded server, {@code j: false}), because a crash loses them only
     *                   together with everything written after the last durable entry, and {@link #recoverHead}
     *                   restores them from the entries (which are durable when written) — so a batch costs one
     *                   store commit instead of three
     */
    public MongoEventFeed(MongoDatabase database, MongoDatabase repairable) {
        this.entries = database.getCollection(ENTRIES);
        this.fedEvents = repairable.getCollection(FED_EVENTS);
        this.meta = repairable.getCollection(META);
        this.members = database.getCollection(MEMBERS);
    }

    /**
     * Up to {@code limit} entries after {@code after} whose collaboration passes {@code visible}, looking at no more
     * than {@code maxScan} positions. {@link Scan#lastScanned} is where the next read resumes: every position up to
     * it was either returned or not visible, none beyond it was looked at.
     */
    public Scan scan(long after, int limit, int maxScan, Predicate<String> visible) {
        return scan(after, limit, maxScan, visible, entry -> true);
    }

    /**
     * As {@link #scan(long, int, int, Predicate)}, and of the entries whose collaboration passes, only those that
     * pass {@code entryVisible} too (e.g. none of an issue restricted from the reader, see {@link FeedVisibility}).
     */
    public Scan scan(long after, int limit, int maxScan, Predicate<String> visible,
                     Predicate<FeedEntry> entryVisible) {
        if (after < 0 || limit < 1 || maxScan < limit) {
            throw new IllegalArgumentException("after must be >= 0, limit >= 1 and maxScan >= limit");
        }
        List<FeedEntry> found = new ArrayList<>(Math.min(limit, 256));
        long cursor = after;
        while (found.size() < limit && cursor - after < maxScan) {
            int chunk = (int) Math.min(SCAN_CHUNK, maxScan - (cursor - after));
            List<Document> batch = read(cursor + 1, chunk);
            boolean endOfFeed = false;
            for (Document entry : batch) {
                if (entry.getLong("_id") != cursor + 1) {
                    endOfFeed = true;
                    break;
                }
                cursor++;
                // filtered on the stored collaboration id, so invisible entries are never parsed
                if (visible.test(entry.getString("collaborationId"))) {
                    FeedEntry parsed = toEntry(entry);
                    if (entryVisible.test(parsed)) {
                        found.add(parsed);
                        if (found.size() == limit) {
                            break;
                        }
                    }
                }
            }
            if (endOfFeed || batch.size() < chunk) {
                break;
            }
        }
        return new Scan(found, cursor);
    }

    /** The collaborations a user is an active member of, as of the feed's head. */
    public Set<String> collaborationsOf(String username) {
        Document member = members.find(Filters.eq("_id", username)).first();
        return member == null ? Set.of() : Set.copyOf(member.getList("collaborations", String.class));
    }

    /** Idempotent: applied again on redelivery it changes nothing. */
    void memberAdded(String username, String collaborationId) {
        members.updateOne(Filters.eq("_id", username), Updates.addToSet("collaborations", collaborationId),
                          new UpdateOptions().upsert(true));
    }

    void memberRemoved(String username, String collaborationId) {
        members.updateOne(Filters.eq("_id", username), Updates.pull("collaborations", collaborationId));
    }

    @Override
    public List<FeedEntry> after(long after, int limit) {
        if (after < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("after must be >= 0 and limit in 1.." + MAX_LIMIT);
        }
        List<FeedEntry> found = new ArrayList<>(limit);
        for (Document entry : read(after + 1, limit)) {
            // Positions are dense: the first missing one is the end of the feed for now.
            if (entry.getLong("_id") != after + 1 + found.size()) {
                break;
            }
            found.add(toEntry(entry));
        }
        return found;
    }

    @Override
    public long head() {
        return probeFrom(headHint(), null);
    }

    /** The event's feed position, or null when it has not been fed. */
    Long positionOf(String eventId) {
        Document fed = fedEvents.find(Filters.eq("_id", eventId)).first();
        return fed == null ? null : fed.getLong("position");
    }

    /** Those of the given events that have been fed. */
    Set<String> fedAmong(List<String> eventIds) {
        Set<String> fed = new java.util.HashSet<>();
        fedEvents.find(Filters.in("_id", eventIds)).forEach(d -> fed.add(d.getString("_id")));
        return fed;
    }

    /**
     * The head, after restoring the event-id records of entries written beyond the hint (a crash between the two
     * writes of {@link #append}); used by the writer before it takes a position.
     */
    long recoverHead() {
        long head = probeFrom(headHint(), this::recordFed);
        recordHeadHint(head);
        return head;
    }

    /** An entry to write. */
    record NewEntry(long position, String eventId, String collaborationId, String cloudEventJson, Long storePosition) {
    }

    /**
     * Writes consecutive entries in order (an ordered insert stops at the first failure, so a crash leaves a prefix:
     * never a hole), then their event-id records.
     *
     * @return false when a position is already taken (another writer got there first)
     */
    boolean append(List<NewEntry> toWrite) {
        List<Document> documents = toWrite.stream()
                .map(e -> new Document("_id", e.position()).append("eventId", e.eventId())
                                                           .append("collaborationId", e.collaborationId())
                                                           .append("cloudEvent", e.cloudEventJson())
                                                           .append("storePosition", e.storePosition()))
                .toList();
        try {
            entries.insertMany(documents, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode())
                                                              == ErrorCategory.DUPLICATE_KEY)) {
                return false;
            }
            throw e;
        }
        fedEvents.bulkWrite(toWrite.stream()
                                   .map(e -> new ReplaceOneModel<>(Filters.eq("_id", e.eventId()),
                                                                   new Document("_id", e.eventId())
                                                                           .append("position", e.position()),
                                                                   new ReplaceOptions().upsert(true)))
                                   .toList(), new BulkWriteOptions().ordered(false));
        return true;
    }

    void recordHeadHint(long position) {
        meta.replaceOne(Filters.eq("_id", HEAD_HINT_ID), new Document("_id", HEAD_HINT_ID).append("position", position),
                        new ReplaceOptions().upsert(true));
    }

    private void recordFed(String eventId, long position) {
        fedEvents.replaceOne(Filters.eq("_id", eventId), new Document("_id", eventId).append("position", position),
                             new ReplaceOptions().upsert(true));
    }

    private void recordFed(Document entry) {
        recordFed(entry.getString("eventId"), entry.getLong("_id"));
    }

    private long headHint() {
        Document hint = meta.find(Filters.eq("_id", HEAD_HINT_ID)).first();
        return hint == null ? 0 : hint.getLong("position");
    }

    private long probeFrom(long from, Consumer<Document> eachFound) {
        long head = from;
        while (true) {
            List<Document> batch = read(head + 1, PROBE_BATCH);
            int contiguous = 0;
            for (Document entry : batch) {
                if (entry.getLong("_id") != head + 1) {
                    break;
                }
                if (eachFound != null) {
                    eachFound.accept(entry);
                }
                head++;
                contiguous++;
            }
            if (contiguous < PROBE_BATCH) {
                return head;
            }
        }
    }

    /** Entries with positions {@code from .. from+count-1} that exist, in position order. */
    private List<Document> read(long from, int count) {
        List<Long> positions = new ArrayList<>(count);
        for (long p = from; p < from + count; p++) {
            positions.add(p);
        }
        Map<Long, Document> byPosition = new HashMap<>();
        entries.find(Filters.in("_id", positions)).forEach(d -> byPosition.put(d.getLong("_id"), d));
        List<Document> sorted = new ArrayList<>(byPosition.values());
        sorted.sort(Comparator.comparingLong(d -> d.getLong("_id")));
        return sorted;
    }

    private static FeedEntry toEntry(Document entry) {
        Number storePosition = entry.get("storePosition", Number.class);
        return new FeedEntry(entry.getLong("_id"), entry.getString("collaborationId"),
                             CloudEventMapper.deserialize(entry.getString("cloudEvent")),
                             storePosition == null ? null : storePosition.longValue());
    }
}
