package org.concordia.infra.integration.feed;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The feed in MongoDB, read and written only by {@code _id} key lookups (fast on the embedded server and on a real
 * one alike):
 * <ul>
 *   <li>{@value #ENTRIES}: one document per position, {@code _id} = position, with the event id, collaboration id
 *       and the structured CloudEvent JSON;</li>
 *   <li>{@value #FED_EVENTS}: {@code _id} = event id → its position, so an event is fed once however often it is
 *       delivered;</li>
 *   <li>{@value #META}: a head hint (every entry at or below it has its {@value #FED_EVENTS} record), so the head is
 *       found by probing forward from it instead of scanning.</li>
 * </ul>
 * An entry is written before its event-id record; a crash in between leaves an entry beyond the hint whose record
 * is missing, which {@link #recoverHead} restores before the writer goes on. So there is never a hole (positions are
 * taken one after another by a single writer, each insert fails if its position is taken) nor a second position
 * for an event.
 */
public class MongoEventFeed implements EventFeed {

    public static final String ENTRIES = "integration_feed";
    public static final String FED_EVENTS = "integration_feed_events";
    public static final String META = "integration_feed_meta";
    private static final String HEAD_HINT_ID = "head";
    /** Positions probed per round trip when looking for the head. */
    private static final int PROBE_BATCH = 64;
    /** The largest page {@link #after} reads in one go. */
    public static final int MAX_LIMIT = 1000;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> fedEvents;
    private final MongoCollection<Document> meta;

    public MongoEventFeed(MongoDatabase database) {
        this.entries = database.getCollection(ENTRIES);
        this.fedEvents = database.getCollection(FED_EVENTS);
        this.meta = database.getCollection(META);
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

    /**
     * The head, after restoring the event-id records of entries written beyond the hint (a crash between the two
     * writes of {@link #append}); used by the writer before it takes a position.
     */
    long recoverHead() {
        long head = probeFrom(headHint(), this::recordFed);
        recordHeadHint(head);
        return head;
    }

    /**
     * Writes the entry at {@code position}.
     *
     * @return false when the position is already taken (another writer got there first)
     */
    boolean append(long position, String eventId, String collaborationId, String cloudEventJson) {
        try {
            entries.insertOne(new Document("_id", position).append("eventId", eventId)
                                                           .append("collaborationId", collaborationId)
                                                           .append("cloudEvent", cloudEventJson));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
        recordFed(eventId, position);
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
        return new FeedEntry(entry.getLong("_id"), entry.getString("collaborationId"),
                             CloudEventMapper.deserialize(entry.getString("cloudEvent")));
    }
}
