package org.concordia.infra.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.Merkle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * What the audit chain has written, all keyed by {@code _id} only: {@code audit_chain} (leaf n = 1, 2, … → position,
 * event id, leaf hash, chain hash), {@code audit_merkle_nodes} ("level:index" → hash of a complete perfect subtree,
 * level ≥ 1), {@code audit_checkpoints} (number → signed checkpoint), {@code audit_state} (where the writer stands,
 * and its lease). Read by anyone; written only by the {@link AuditChain} holding the lease.
 */
public final class AuditRecords {

    static final String CHAIN = "audit_chain";
    static final String NODES = "audit_merkle_nodes";
    static final String CHECKPOINTS = "audit_checkpoints";
    static final String STATE = "audit_state";
    private static final String STATE_ID = "chain";

    /** Where the writer stands. */
    public record State(long nextPosition, long treeSize, String chainHead, long lastPosition, List<String> edge,
                        long checkpoints, long lastCheckpointSize, String lastCheckpointAt,
                        List<List<Long>> skipped) {
        static State empty() {
            return new State(1, 0, Hashes.hex(Hashes.CHAIN_START), 0, List.of(), 0, 0, null, List.of());
        }
    }

    /** One leaf: the event at {@code position} is leaf {@code leaf} (1-based, gap-free). */
    public record ChainEntry(long leaf, long position, String eventId, String leafHash, String chainHash) {
    }

    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> nodes;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> state;

    public AuditRecords(MongoDatabase database) {
        this.chain = database.getCollection(CHAIN);
        this.nodes = database.getCollection(NODES);
        this.checkpoints = database.getCollection(CHECKPOINTS);
        this.state = database.getCollection(STATE);
    }

    // ------------------------------------------------------------------ reading

    public State state() {
        Document stored = state.find(eq("_id", STATE_ID)).first();
        if (stored == null) {
            return State.empty();
        }
        List<List<Long>> skipped = new ArrayList<>();
        for (Object range : stored.getList("skipped", Object.class, List.of())) {
            List<?> bounds = (List<?>) range;
            skipped.add(List.of(((Number) bounds.get(0)).longValue(), ((Number) bounds.get(1)).longValue()));
        }
        return new State(stored.get("nextPosition", Number.class).longValue(),
                         stored.get("treeSize", Number.class).longValue(), stored.getString("chainHead"),
                         stored.get("lastPosition", Number.class).longValue(),
                         stored.getList("edge", String.class, List.of()),
                         stored.get("checkpoints", Number.class).longValue(),
                         stored.get("lastCheckpointSize", Number.class).longValue(),
                         stored.getString("lastCheckpointAt"), skipped);
    }

    public Optional<Checkpoint> checkpoint(long number) {
        return Optional.ofNullable(checkpoints.find(eq("_id", number)).first()).map(AuditRecords::fromDocument);
    }

    /**
     * Every stored checkpoint, numbered from 1, read by key in windows until a window is empty — independent of the
     * writer's state, so that a deleted checkpoint shows as a hole.
     */
    public List<Checkpoint> checkpoints() {
        List<Checkpoint> all = new ArrayList<>();
        for (long from = 1; ; from += 256) {
            List<Long> ids = new ArrayList<>();
            for (long id = from; id < from + 256; id++) {
                ids.add(id);
            }
            List<Checkpoint> window = new ArrayList<>();
            checkpoints.find(in("_id", ids)).forEach(d -> window.add(fromDocument(d)));
            if (window.isEmpty()) {
                break;
            }
            all.addAll(window);
        }
        all.sort(Comparator.comparingLong(Checkpoint::number));
        return all;
    }

    public Optional<ChainEntry> entry(long leaf) {
        return Optional.ofNullable(chain.find(eq("_id", leaf)).first()).map(AuditRecords::entryOf);
    }

    /** Chain entries for leaves {@code [from, to]}, by leaf. */
    public Map<Long, ChainEntry> entries(long from, long to) {
        List<Long> ids = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        Map<Long, ChainEntry> found = new HashMap<>();
        chain.find(in("_id", ids)).forEach(d -> found.put(d.get("_id", Number.class).longValue(), entryOf(d)));
        return found;
    }

    /**
     * Subtree hashes from the stored nodes: a complete perfect subtree is one lookup, anything else is split as RFC
     * 9162 splits it. Lookups are remembered for the life of the returned object (one proof, or one export).
     */
    public Merkle.SubtreeHashes storedTree() {
        Map<String, byte[]> cache = new HashMap<>();
        return new Merkle.SubtreeHashes() {
            @Override
            public byte[] hash(long start, long size) {
                if (size == 0) {
                    return Hashes.sha256();
                }
                if (!Merkle.isPerfect(start, size)) {
                    long k = Merkle.split(size);
                    return Hashes.node(hash(start, k), hash(start + k, size - k));
                }
                int level = Long.numberOfTrailingZeros(size);
                long index = start / size;
                return cache.computeIfAbsent(nodeId(level, index), id -> {
                    Document found = level == 0 ? chain.find(eq("_id", index + 1)).first()
                                                : nodes.find(eq("_id", id)).first();
                    if (found == null) {
                        throw new IllegalStateException("Merkle node " + id + " is not stored");
                    }
                    return Hashes.unhex(found.getString(level == 0 ? "leafHash" : "hash"));
                });
            }
        };
    }

    // ------------------------------------------------------------------ writing (by the chain's writer)

    MongoCollection<Document> stateCollection() {
        return state;
    }

    static WriteModel<Document> leaf(long leaf, long position, String eventId, byte[] leafHash, byte[] chainHash) {
        return upsert(new Document("_id", leaf).append("position", position).append("eventId", eventId)
                              .append("leafHash", Hashes.hex(leafHash)).append("chainHash", Hashes.hex(chainHash)));
    }

    static WriteModel<Document> node(int level, long index, byte[] hash) {
        return upsert(new Document("_id", nodeId(level, index)).append("hash", Hashes.hex(hash)));
    }

    void writeLeaves(List<WriteModel<Document>> leaves) {
        chain.bulkWrite(leaves);
    }

    void writeNodes(List<WriteModel<Document>> subtrees) {
        nodes.bulkWrite(subtrees);
    }

    /**
     * Stores a signed checkpoint, or keeps the one already stored under its number (written before a crash, or by
     * the previous lease holder): a signed checkpoint is never replaced. Returns the one that stands.
     */
    Checkpoint storeCheckpoint(Checkpoint signed) {
        try {
            checkpoints.insertOne(toDocument(signed));
            return signed;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return checkpoint(signed.number()).orElseThrow();
        }
    }

    /** The commit point of everything written before it. */
    void save(State s) {
        state.replaceOne(eq("_id", STATE_ID), new Document("_id", STATE_ID)
                .append("nextPosition", s.nextPosition()).append("treeSize", s.treeSize())
                .append("chainHead", s.chainHead()).append("lastPosition", s.lastPosition()).append("edge", s.edge())
                .append("checkpoints", s.checkpoints()).append("lastCheckpointSize", s.lastCheckpointSize())
                .append("lastCheckpointAt", s.lastCheckpointAt()).append("skipped", s.skipped()),
                new ReplaceOptions().upsert(true));
    }

    // ------------------------------------------------------------------ mapping

    private static ReplaceOneModel<Document> upsert(Document document) {
        return new ReplaceOneModel<>(eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
    }

    static String nodeId(int level, long index) {
        return level + ":" + index;
    }

    private static ChainEntry entryOf(Document d) {
        return new ChainEntry(d.get("_id", Number.class).longValue(), d.get("position", Number.class).longValue(),
                              d.getString("eventId"), d.getString("leafHash"), d.getString("chainHash"));
    }

    static Document toDocument(Checkpoint c) {
        return new Document("_id", c.number()).append("treeSize", c.treeSize()).append("rootHash", c.rootHash())
                .append("chainHead", c.chainHead()).append("lastPosition", c.lastPosition()).append("time", c.time())
                .append("keyId", c.keyId()).append("signature", c.signature());
    }

    static Checkpoint fromDocument(Document d) {
        return new Checkpoint(d.get("_id", Number.class).longValue(), d.get("treeSize", Number.class).longValue(),
                              d.getString("rootHash"), d.getString("chainHead"),
                              d.get("lastPosition", Number.class).longValue(), d.getString("time"),
                              d.getString("keyId"), d.getString("signature"));
    }
}
