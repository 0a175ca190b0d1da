package org.concordia.infra.audit;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.MerkleFrontier;
import org.concordia.infra.audit.AuditRecords.State;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.eventstore.CommitLog.StoredCommit;
import org.concordia.infra.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of the hash chain, the Merkle tree and the signed checkpoints ({@link AuditRecords}). It follows
 * the event store's {@link CommitLog} in position order, off the command path, on its own thread; one node at a time
 * holds its {@link Lease}. Everything it writes is a function of the events, so a redelivery after a crash rewrites
 * the same documents; the state document, written last, is the commit point. It is not an Axon event processor on
 * purpose: the admin projection replay cannot reset it, and it hashes the stored bytes rather than re-serialised
 * messages.
 */
public final class AuditChain implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditChain.class);
    private static final String LEASE_ID = "lease";
    /** The lease lives in the state collection, in the fields it always had. */
    private static final Lease.Fields LEASE_FIELDS = new Lease.Fields("owner", "until");

    private final StoredEvents events;
    private final AuditRecords records;
    private final SigningKeys keys;
    private final AuditProperties settings;
    private final Clock clock;
    private final Lease lease;
    private final Map<Long, Instant> missingSince = new HashMap<>();
    private ScheduledExecutorService executor;

    public AuditChain(MongoDatabase database, CommitLog commits, SigningKeys keys, AuditProperties settings,
                      Clock clock, String holder) {
        this.events = new StoredEvents(commits);
        this.records = new AuditRecords(database);
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.lease = new Lease(records.stateCollection(), LEASE_FIELDS, holder, settings.leaseDuration(), clock);
    }

    /** What the chain has written. */
    public AuditRecords records() {
        return records;
    }

    StoredEvents storedEvents() {
        return events;
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
        try {
            lease.release(LEASE_ID); // a node stopping hands the chain over at once, not at the lease's end
        } catch (RuntimeException e) {
            log.debug("could not release the audit chain's lease", e);
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Chains every commit visible in position order, signing checkpoints as they fall due.
     *
     * @return the number of events chained
     */
    public synchronized long catchUp() {
        Writer writer = new Writer(records.state());
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
        Writer writer = new Writer(records.state());
        if (writer.treeSize() > writer.current.lastCheckpointSize()) {
            writer.checkpoint();
        }
        return writer.current.checkpoints() == 0 ? Optional.empty() : records.checkpoint(writer.current.checkpoints());
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
                    chainDocs.add(AuditRecords.leaf(node.index() + 1, event.position(), event.eventId(), node.hash(),
                                                    chainHead));
                } else {
                    nodeDocs.add(AuditRecords.node(node.level(), node.index(), node.hash()));
                }
            }
            lastPosition = event.position();
            appended++;
        }

        void flush() {
            if (!chainDocs.isEmpty()) {
                records.writeLeaves(chainDocs);
                chainDocs.clear();
            }
            if (!nodeDocs.isEmpty()) {
                records.writeNodes(nodeDocs);
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
            Checkpoint kept = records.storeCheckpoint(signed);
            if (kept == signed) {
                log.info("Signed audit checkpoint {}: {} events up to position {}", number, signed.treeSize(),
                         signed.lastPosition());
            }
            save(new State(next, tree.size(), Hashes.hex(chainHead), lastPosition,
                           tree.edge().stream().map(Hashes::hex).toList(), number, kept.treeSize(), kept.time(),
                           trim(skipped)));
        }

        private void save(State saved) {
            records.save(saved);
            current = saved;
        }
    }

    private static List<List<Long>> trim(List<List<Long>> skipped) {
        return skipped.size() <= 100 ? skipped : skipped.subList(skipped.size() - 100, skipped.size());
    }
}
