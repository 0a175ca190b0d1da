package org.concordia.query.inbox;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
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
import org.bson.types.Binary;
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
 * Read model "inboxes", laid out so that an event costs the same whatever the size of the inboxes it touches, and
 * every read is an {@code _id} lookup:
 * <ul>
 *   <li>{@code inbox_items} {@code {_id: "<username>|<cid>|<issue number>", username, collaborationId, issueId,
 *       json}} — what one issue asks of one user; present only while it asks something;</li>
 *   <li>{@code inbox_bits} {@code {_id: "<username>|<cid>|<chunk>", bits, maxChunk}} — the numbers of the issues
 *       with an item for the user, {@value #CHUNK} per document; chunk 0 also records the highest chunk in use.</li>
 * </ul>
 * An issue event rewrites the item documents of the people it concerns (tier members and action owners) and flips
 * their bits when an item appears or goes; nothing is read but the bitsets. The inbox query reads the user's
 * bitsets for their collaborations, then just the item documents they name.
 * Members per collaboration in {@code inbox_members}, per-issue working state in {@code inbox_issues}.
 * Needs {@link org.concordia.query.support.CollaborationSequencingPolicy}.
 */
@ProcessingGroup(InboxProjection.GROUP)
public class InboxProjection {

    public static final String GROUP = "inboxes";
    public static final String ITEMS = "inbox_items";
    public static final String BITS = "inbox_bits";
    /** The collection of the first layout (one document per user and collaboration); dropped on reset. */
    static final String LEGACY = "inboxes";
    public static final int CHUNK = 1 << 16;

    private final WriteBatch batch;
    private final IssueStateStore issues;
    private final CollaborationCursor<Members> members;
    private final MongoDatabase db;
    private final MongoCollection<Document> items;
    private final MongoCollection<Document> bits;
    private final WriteBatch.Documents<Document> itemDocuments;
    private final WriteBatch.Documents<Bits> bitDocuments;

    /** A bitset document; {@code maxChunk} is kept on chunk 0 only. */
    private record Bits(String id, BitSet bits, long maxChunk) {
        static Bits decode(Document doc) {
            Number max = doc.get("maxChunk", Number.class);
            return new Bits(doc.getString("_id"), BitSet.valueOf(doc.get("bits", Binary.class).getData()),
                    max == null ? 0 : max.longValue());
        }

        Document encode() {
            return new Document("_id", id).append("bits", new Binary(bits.toByteArray())).append("maxChunk", maxChunk);
        }
    }

    /** One issue's items for one user, as stored. */
    private record StoredItems(List<InboxBook.Item> items) {
    }

    /** Its writes: register {@link WriteBatch#interceptor()} on this projection's processor. */
    public WriteBatch writeBatch() {
        return batch;
    }

    public InboxProjection(MongoDatabase db) {
        this.db = db;
        this.batch = new WriteBatch();
        this.issues = new IssueStateStore(batch, db, "inbox_issues");
        this.items = db.getCollection(ITEMS);
        this.bits = db.getCollection(BITS);
        // items before bits: a bit is never stored for an item that is not
        this.itemDocuments = batch.collection(items, d -> d, d -> d);
        this.bitDocuments = batch.collection(bits, Bits::decode, Bits::encode);
        this.members = new CollaborationCursor<>(batch, db, "inbox_members", Members.class, Members::new);
    }

    static String itemId(String username, String collaborationId, long number) {
        return username + "|" + collaborationId + "|" + number;
    }

    static String bitsId(String username, String collaborationId, long chunk) {
        return username + "|" + collaborationId + "|" + chunk;
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
            Map<String, String> parties = new java.util.TreeMap<>(m.state.partyOf);
            m.state.apply(event);
            if (!parties.equals(m.state.partyOf)) {
                m.state.changedAt = position; // what recusal reads changed (not, e.g., an issue number allocated)
            }
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
            if (!unchanged(effect, step.previousPosition(), m.state)) {
                for (String username : effect.people()) {
                    record(username, effect, m.state);
                }
            }
            m.lastPosition = position;
            members.save(m);
        });
    }

    /**
     * Whether the event leaves every item of the issue as stored: the facts the items are made of did not change, and
     * the members (recusal) have not changed since the issue's previous event, which recorded the items of the same
     * people from the same facts (most comments, evidence and links). Unknown when members never recorded where
     * they changed (documents written before they did).
     */
    private static boolean unchanged(InboxBook.Effect effect, long previousPosition, Members members) {
        return effect.before() != null && effect.before().equals(effect.after()) && members.changedAt != null
                && previousPosition >= 0 && members.changedAt < previousPosition;
    }

    /** Replaces what the issue asks of {@code username}; a pure function of the effect, so redelivery is harmless. */
    private void record(String username, InboxBook.Effect effect, Members members) {
        InboxBook.Facts after = effect.after();
        List<InboxBook.Item> now = InboxBook.itemsFor(username, after, members);
        long chunk = after.number() / CHUNK;
        int bit = (int) (after.number() % CHUNK);
        String bitsId = bitsId(username, after.collaborationId(), chunk);
        Bits current = bitDocuments.find(bitsId);
        boolean listed = current != null && current.bits().get(bit);
        String itemId = itemId(username, after.collaborationId(), after.number());
        if (now.isEmpty()) {
            // the items before this event also count: after a crash between the two writes an item can exist unlisted
            if (listed || effect.before() != null
                    && !InboxBook.itemsFor(username, effect.before(), members).isEmpty()) {
                itemDocuments.remove(itemId);
            }
            if (listed) {
                current.bits().clear(bit); // the batch's own copy
                bitDocuments.put(bitsId, current);
            }
            return;
        }
        itemDocuments.put(itemId, new Document("_id", itemId).append("username", username)
                .append("collaborationId", after.collaborationId()).append("issueId", after.issueId())
                .append("json", Json.writeState(new StoredItems(now))));
        if (!listed) {
            Bits changed = current == null ? new Bits(bitsId, new BitSet(), 0) : current;
            changed.bits().set(bit);
            bitDocuments.put(bitsId, changed);
            if (chunk > 0) {
                String firstId = bitsId(username, after.collaborationId(), 0);
                Bits first = bitDocuments.find(firstId);
                if (first == null || first.maxChunk() < chunk) {
                    bitDocuments.put(firstId, new Bits(firstId, first == null ? new BitSet() : first.bits(), chunk));
                }
            }
        }
    }

    @ResetHandler
    public void reset() {
        issues.clear();
        members.clear();
        items.deleteMany(new Document());
        bits.deleteMany(new Document());
        db.getCollection(LEGACY).drop();
    }

    /** The user's inbox over {@code collaborationIds}, in that order, then by issue id. */
    public Inbox find(String username, List<String> collaborationIds) {
        return find(username, collaborationIds, null);
    }

    /** As {@link #find(String, List)}, with actions judged overdue as of {@code today} (null: not judged). */
    public Inbox find(String username, List<String> collaborationIds, java.time.LocalDate today) {
        return find(username, collaborationIds, today, null);
    }

    /**
     * As {@link #find(String, List, java.time.LocalDate)}, keeping the {@code issuesPerCollaboration} lowest-numbered
     * (longest-known) issues of each collaboration (null: all): only their items are read.
     */
    public Inbox find(String username, List<String> collaborationIds, java.time.LocalDate today,
                      Integer issuesPerCollaboration) {
        Map<String, java.util.TreeSet<Long>> numbersByPrefix = new HashMap<>();
        listed(username, collaborationIds).forEach((id, set) -> {
            int cut = id.lastIndexOf('|');
            long base = Long.parseLong(id.substring(cut + 1)) * CHUNK;
            java.util.TreeSet<Long> numbers = numbersByPrefix.computeIfAbsent(id.substring(0, cut + 1),
                                                                               p -> new java.util.TreeSet<>());
            set.stream().forEach(bit -> numbers.add(base + bit));
        });
        List<String> itemIds = new ArrayList<>();
        numbersByPrefix.forEach((prefix, numbers) -> numbers.stream()
                .limit(issuesPerCollaboration == null ? Long.MAX_VALUE : issuesPerCollaboration)
                .forEach(number -> itemIds.add(prefix + number)));
        Map<String, InboxBook.UserInbox> byCollaboration = new HashMap<>();
        for (int from = 0; from < itemIds.size(); from += 1000) {
            for (Document doc : items.find(Filters.in("_id", itemIds.subList(from, Math.min(from + 1000,
                    itemIds.size()))))) {
                byCollaboration.computeIfAbsent(doc.getString("collaborationId"), c -> new InboxBook.UserInbox())
                        .replace(doc.getString("issueId"), Json.read(doc.getString("json"), StoredItems.class).items());
            }
        }
        List<InboxBook.UserInbox> ordered = new ArrayList<>();
        collaborationIds.forEach(c -> {
            if (byCollaboration.containsKey(c)) {
                ordered.add(byCollaboration.get(c));
            }
        });
        return InboxBook.toInbox(username, ordered, today);
    }

    /**
     * How many issues wait for the user over {@code collaborationIds}: the bitsets alone (one or two reads), so the
     * navigation of every page can show it without reading the items, however many there are.
     */
    public long count(String username, List<String> collaborationIds) {
        return listed(username, collaborationIds).values().stream().mapToLong(BitSet::cardinality).sum();
    }

    /** The user's bitsets over {@code collaborationIds}, by document id: chunk 0 of each, then the further chunks. */
    private Map<String, BitSet> listed(String username, List<String> collaborationIds) {
        Map<String, BitSet> listed = new HashMap<>();
        List<String> more = new ArrayList<>();
        readBits(collaborationIds.stream().map(c -> bitsId(username, c, 0)).toList(), listed, first -> {
            String collaborationId = collaborationOf(username, first.id());
            for (long chunk = 1; chunk <= first.maxChunk(); chunk++) {
                more.add(bitsId(username, collaborationId, chunk));
            }
        });
        readBits(more, listed, first -> { });
        return listed;
    }

    private void readBits(List<String> ids, Map<String, BitSet> into, java.util.function.Consumer<Bits> each) {
        if (ids.isEmpty()) {
            return;
        }
        for (Document doc : bits.find(Filters.in("_id", ids))) {
            Bits b = Bits.decode(doc);
            into.put(b.id(), b.bits());
            each.accept(b);
        }
    }

    private static String collaborationOf(String username, String bitsId) {
        return bitsId.substring(username.length() + 1, bitsId.lastIndexOf('|'));
    }
}
