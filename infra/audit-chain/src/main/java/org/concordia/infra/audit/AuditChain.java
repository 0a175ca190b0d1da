package org.concordia.infra.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.Merkle;
import org.concordia.audit.verifier.MerkleFrontier;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.eventstore.CommitLog.StoredCommit;
import org.concordia.infra.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.NavigableMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * The single writer of the hash chain, the Merkle tree and the signed checkpoints. It follows the event store's
 * commits in position order straight from MongoDB, off the command path, on its own thread; one node at a time
 * holds its lease. Everything it writes is a function of the events, so a redelivery after a crash rewrites the same
 * documents; the state document, written last, is the commit point.
 *
 * <p>Collections, all keyed by {@code _id} only: {@code audit_chain} (leaf n = 1, 2, … → position, event id, leaf
 * hash, chain hash), {@code audit_merkle_nodes} ("level:index" → hash of a complete perfect subtree, level ≥ 1),
 * {@code audit_checkpoints} (number → signed checkpoint), {@code audit_state} (the writer's position and lease).
 * It is not an Axon event processor on purpose: the admin projection replay cannot reset it, and it hashes the
 * stored bytes rather than re-serialised messages.
 */
public final class AuditChain implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    static final String CHAIN = "audit_chain";
    static final String NODES = "audit_merkle_nodes";
    static final String CHECKPOINTS = "audit_checkpoints";
    static final String STATE = "audit_state";
    private static final String STATE_ID = "chain";
    private static final String LEASE_ID = "lease";
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** The lease lives in the state collection, in the fields it always had. */
    private static final Lease.Fields LEASE_FIELDS = new Lease.Fields("owner", "until");

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

    private final StoredEvents events;
    private final MongoCollection<Document> chain;
    private final MongoCollection<Document> nodes;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> state;
    private final SigningKeys keys;
    private final AuditProperties settings;
    private final Clock clock;
    private final Lease lease;
    private final Map<Long, Instant> missingSince = new HashMap<>();
    private ScheduledExecutorService executor;

    public AuditChain(MongoDatabase database, CommitLog commits, SigningKeys keys, AuditProperties settings,
                      Clock clock, String nodeId) {
        this.events = new StoredEvents(commits);
        this.chain = database.getCollection(CHAIN);
        this.nodes = database.getCollection(NODES);
        this.checkpoints = database.getCollection(CHECKPOINTS);
        this.state = database.getCollection(STATE);
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.lease = new Lease(this.state, LEASE_FIELDS, nodeId, LEASE, clock);
    }

    // ------------------------------------------------------------------ background

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-chain");
            thread.setDaemon(true);
            return thread;
        });
        long period = settings.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (holdLease()) {
                catchUp();
            }
        } catch (RuntimeException e) {
            log.warn("Audit chain writer failed; it retries", e);
        }
    }

    /** Only one node writes: the lease is taken when free or expired, and renewed by its holder. */
    boolean holdLease() {
        return lease.hold(LEASE_ID);
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Chains every commit visible in position order, signing checkpoints as they fall due.
     *
     * @return the number of events chained
     */
    public synchronized long catchUp() {
        Writer writer = new Writer(state());
        long head = events.headPosition();
        while (writer.next <= head) {
            long windowEnd = writer.next + settings.batchSize() - 1;
            NavigableMap<Long, StoredCommit> window = events.commitsStartingIn(writer.next, windowEnd);
            StoredCommit commit;
            while ((commit = window.get(writer.next)) != null) {
                missingSince.remove(writer.next);
                for (CanonicalEvent event : StoredEvents.eventsOf(commit)) {
                    writer.append(event);
                }
                writer.next = commit.lastPosition() + 1;
                // Only between commits: the saved state must never point into the middle of one.
                if (writer.treeSize() - writer.current.lastCheckpointSize() >= settings.checkpointEvery()) {
                    writer.flush();
                    writer.checkpoint();
                }
            }
            if (writer.next > windowEnd) {
                continue; // this window is done; read the next one
            }
            if (writer.next > head || !skipIfLongMissing(writer, window)) {
                break;
            }
        }
        writer.flush();
        if (writer.treeSize() > writer.current.lastCheckpointSize()
            && (writer.current.lastCheckpointAt() == null
                || !clock.instant().isBefore(Instant.parse(writer.current.lastCheckpointAt())
                                                    .plus(settings.checkpointInterval())))) {
            writer.checkpoint();
        }
        return writer.appended;
    }

    /** Signs a checkpoint of everything chained so far, unless the last one already covers it. */
    public synchronized Optional<Checkpoint> checkpointNow() {
        Writer writer = new Writer(state());
        if (writer.treeSize() > writer.current.lastCheckpointSize()) {
            writer.checkpoint();
        }
        return writer.current.checkpoints() == 0 ? Optional.empty() : checkpoint(writer.current.checkpoints());
    }

    /**
     * A position allocated but not visible holds the chain back (a commit in flight) until {@code gapSkipAfter};
     * then the chain moves on to the next visible commit and records the skipped range. A commit that appears there
     * later is outside the chain, and the verifier reports it as inserted.
     */
    private boolean skipIfLongMissing(Writer writer, NavigableMap<Long, StoredCommit> window) {
        Instant since = missingSince.computeIfAbsent(writer.next, p -> clock.instant());
        if (clock.instant().isBefore(since.plus(settings.gapSkipAfter()))) {
            return false;
        }
        Long later = window.ceilingKey(writer.next);
        if (later == null) {
            long windowEnd = writer.next + settings.batchSize() - 1;
            if (windowEnd >= events.headPosition()) {
                return false; // nothing visible after it yet: keep waiting
            }
            later = windowEnd + 1; // no commit starts anywhere in this window: all of it is skipped
        }
        log.warn("Positions {}..{} never became visible; the audit chain skips them", writer.next, later - 1);
        missingSince.remove(writer.next);
        writer.skipped.add(List.of(writer.next, later - 1));
        writer.next = later;
        return true;
    }

    /** Accumulates leaves and nodes, writes them before the state that points past them. */
    private final class Writer {
        State current;
        long next;
        final MerkleFrontier tree;
        byte[] chainHead;
        long lastPosition;
        long appended;
        final List<List<Long>> skipped;
        final List<WriteModel<Document>> chainDocs = new ArrayList<>();
        final List<WriteModel<Document>> nodeDocs = new ArrayList<>();

        Writer(State current) {
            this.current = current;
            this.next = current.nextPosition();
            this.tree = new MerkleFrontier(current.treeSize(), current.edge().stream().map(Hashes::unhex).toList());
            this.chainHead = Hashes.unhex(current.chainHead());
            this.lastPosition = current.lastPosition();
            this.skipped = new ArrayList<>(current.skipped());
        }

        long treeSize() {
            return tree.size();
        }

        void append(CanonicalEvent event) {
            byte[] canonical = event.canonicalBytes();
            chainHead = Hashes.chain(chainHead, canonical);
            for (MerkleFrontier.Node node : tree.append(Hashes.leaf(canonical))) {
                if (node.level() == 0) {
                    long leaf = node.index() + 1;
                    chainDocs.add(upsert(new Document("_id", leaf).append("position", event.position())
                            .append("eventId", event.eventId()).append("leafHash", Hashes.hex(node.hash()))
                            .append("chainHash", Hashes.hex(chainHead))));
                } else {
                    nodeDocs.add(upsert(new Document("_id", nodeId(node.level(), node.index()))
                            .append("hash", Hashes.hex(node.hash()))));
                }
            }
            lastPosition = event.position();
            appended++;
        }

        void flush() {
            if (!chainDocs.isEmpty()) {
                chain.bulkWrite(chainDocs);
                chainDocs.clear();
            }
            if (!nodeDocs.isEmpty()) {
                nodes.bulkWrite(nodeDocs);
                nodeDocs.clear();
            }
            if (next != current.nextPosition() || tree.size() != current.treeSize()) {
                save(new State(next, tree.size(), Hashes.hex(chainHead), lastPosition,
                               tree.edge().stream().map(Hashes::hex).toList(), current.checkpoints(),
                               current.lastCheckpointSize(), current.lastCheckpointAt(), trim(skipped)));
            }
        }

        void checkpoint() {
            long number = current.checkpoints() + 1;
            String time = clock.instant().toString();
            Checkpoint unsigned = new Checkpoint(number, tree.size(), Hashes.hex(tree.root()), Hashes.hex(chainHead),
                                                 lastPosition, time, keys.keyId(), null);
            Checkpoint signed = new Checkpoint(number, unsigned.treeSize(), unsigned.rootHash(), unsigned.chainHead(),
                                               unsigned.lastPosition(), time, keys.keyId(),
                                               keys.sign(unsigned.signedBytes()));
            Checkpoint kept = signed;
            try {
                checkpoints.insertOne(toDocument(signed));
                log.info("Signed audit checkpoint {}: {} events up to position {}", number, signed.treeSize(),
                         signed.lastPosition());
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                // Written before a crash, or by the previous lease holder: a signed checkpoint is never replaced.
                kept = AuditChain.this.checkpoint(number).orElseThrow();
            }
            save(new State(next, tree.size(), Hashes.hex(chainHead), lastPosition,
                           tree.edge().stream().map(Hashes::hex).toList(), number, kept.treeSize(), kept.time(),
                           trim(skipped)));
        }

        private void save(State saved) {
            state.replaceOne(eq("_id", STATE_ID), stateDocument(saved), new ReplaceOptions().upsert(true));
            current = saved;
        }
    }

    private static List<List<Long>> trim(List<List<Long>> skipped) {
        return skipped.size() <= 100 ? skipped : skipped.subList(skipped.size() - 100, skipped.size());
    }

    private static ReplaceOneModel<Document> upsert(Document document) {
        return new ReplaceOneModel<>(eq("_id", document.get("_id")), document, new ReplaceOptions().upsert(true));
    }

    static String nodeId(int level, long index) {
        return level + ":" + index;
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

    private static Document stateDocument(State s) {
        return new Document("_id", STATE_ID).append("nextPosition", s.nextPosition()).append("treeSize", s.treeSize())
                .append("chainHead", s.chainHead()).append("lastPosition", s.lastPosition()).append("edge", s.edge())
                .append("checkpoints", s.checkpoints()).append("lastCheckpointSize", s.lastCheckpointSize())
                .append("lastCheckpointAt", s.lastCheckpointAt()).append("skipped", s.skipped());
    }

    public Optional<Checkpoint> checkpoint(long number) {
        return Optional.ofNullable(checkpoints.find(eq("_id", number)).first()).map(AuditChain::fromDocument);
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
        all.sort(java.util.Comparator.comparingLong(Checkpoint::number));
        return all;
    }

    public Optional<ChainEntry> entry(long leaf) {
        return Optional.ofNullable(chain.find(eq("_id", leaf)).first()).map(AuditChain::entryOf);
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

    private static ChainEntry entryOf(Document d) {
        return new ChainEntry(d.get("_id", Number.class).longValue(), d.get("position", Number.class).longValue(),
                              d.getString("eventId"), d.getString("leafHash"), d.getString("chainHash"));
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

    StoredEvents storedEvents() {
        return events;
    }
}
