package org.concordia.infra.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.concordia.audit.verifier.Bundle;
import org.concordia.audit.verifier.BundleWriter;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.Merkle;
import org.concordia.audit.verifier.StoreVerifier;
import org.concordia.audit.verifier.Verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Verification of the live store, proofs, and export bundles, over the {@link AuditChain}'s {@link AuditRecords}. */
public final class AuditService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HINT_WINDOW = 512;

    private final AuditChain chain;
    private final AuditRecords records;
    private final SigningKeys keys;
    private final Clock clock;

    public AuditService(AuditChain chain, SigningKeys keys, Clock clock) {
        this.chain = chain;
        this.records = chain.records();
        this.keys = keys;
        this.clock = clock;
    }

    public AuditChain chain() {
        return chain;
    }

    public SigningKeys keys() {
        return keys;
    }

    /**
     * Recomputes the whole store from the commit documents and checks it against the signed checkpoints with the
     * key from configuration (never one from the database). Stored chain hashes only help name the position.
     */
    public Verification verifyLive() {
        List<Checkpoint> checkpoints = records.checkpoints();
        long upTo = Math.max(chain.storedEvents().headPosition(),
                             checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).lastPosition());
        return StoreVerifier.verify(withRecordedHashes(chain.storedEvents().all(upTo)), checkpoints, keys.publicKey());
    }

    private Iterator<StoreVerifier.Entry> withRecordedHashes(Iterator<CanonicalEvent> events) {
        return new Iterator<>() {
            private long leaf;
            private Map<Long, AuditRecords.ChainEntry> window = Map.of();

            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public StoreVerifier.Entry next() {
                CanonicalEvent event = events.next();
                leaf++;
                if ((leaf - 1) % HINT_WINDOW == 0) {
                    window = records.entries(leaf, leaf + HINT_WINDOW - 1);
                }
                AuditRecords.ChainEntry recorded = window.get(leaf);
                return new StoreVerifier.Entry(event, recorded == null ? null : recorded.chainHash());
            }
        };
    }

    /** Brings the chain up to date and signs a checkpoint of it, so an export is covered to the end. */
    public Optional<Checkpoint> sealNow() {
        chain.catchUp();
        return chain.checkpointNow();
    }

    public record InclusionProof(long position, long leaf, long checkpoint, long treeSize, String leafHash,
                                 List<String> proof, Map<String, Object> event) {
    }

    public record ConsistencyProof(long from, long to, long fromTreeSize, long toTreeSize, String fromRootHash,
                                   String toRootHash, List<String> proof) {
    }

    /** RFC 9162 consistency proof between two stored checkpoints. */
    public Optional<ConsistencyProof> consistency(long from, long to) {
        if (from < 1) {
            throw new IllegalArgumentException("from: must be a checkpoint number, at least 1");
        }
        if (to < from) {
            throw new IllegalArgumentException("to: must not be lower than from");
        }
        Optional<Checkpoint> older = records.checkpoint(from);
        Optional<Checkpoint> newer = records.checkpoint(to);
        if (older.isEmpty() || newer.isEmpty()) {
            return Optional.empty();
        }
        List<byte[]> proof = Merkle.consistencyProof(records.storedTree(), older.get().treeSize(),
                                                     newer.get().treeSize());
        return Optional.of(new ConsistencyProof(from, to, older.get().treeSize(), newer.get().treeSize(),
                                                older.get().rootHash(), newer.get().rootHash(), Merkle.hex(proof)));
    }

    /**
     * The proof that the event at {@code position} is leaf n of checkpoint {@code checkpoint} (default: the latest).
     * Empty when no chained event has that position or the checkpoint does not cover it.
     */
    public Optional<InclusionProof> inclusion(long position, Long checkpointNumber) {
        if (position < 1) {
            throw new IllegalArgumentException("position: must be at least 1");
        }
        List<Checkpoint> all = records.checkpoints();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint checkpoint = checkpointNumber == null ? all.get(all.size() - 1)
                : all.stream().filter(c -> c.number() == checkpointNumber).findFirst().orElse(null);
        if (checkpoint == null || position > checkpoint.lastPosition()) {
            return Optional.empty();
        }
        Optional<AuditRecords.ChainEntry> entry = findLeaf(position, checkpoint.treeSize());
        Optional<CanonicalEvent> event = entry.flatMap(e -> eventAt(e.position()));
        if (entry.isEmpty() || event.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(inclusionOf(event.get(), entry.get().leaf(), checkpoint, records.storedTree()));
    }

    private InclusionProof inclusionOf(CanonicalEvent event, long leaf, Checkpoint checkpoint,
                                       Merkle.SubtreeHashes tree) {
        List<byte[]> proof = Merkle.inclusionProof(tree, leaf - 1, checkpoint.treeSize());
        return new InclusionProof(event.position(), leaf, checkpoint.number(), checkpoint.treeSize(),
                                  Hashes.hex(event.leafHash()), Merkle.hex(proof), event.toMap());
    }

    /** Leaves are in position order: bisect the chain entries (one key lookup per step). */
    private Optional<AuditRecords.ChainEntry> findLeaf(long position, long treeSize) {
        long low = 1;
        long high = treeSize;
        while (low <= high) {
            long mid = (low + high) >>> 1;
            Optional<AuditRecords.ChainEntry> entry = records.entry(mid);
            if (entry.isEmpty()) {
                return Optional.empty();
            }
            if (entry.get().position() == position) {
                return entry;
            }
            if (entry.get().position() < position) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return Optional.empty();
    }

    private Optional<CanonicalEvent> eventAt(long position) {
        // The commit holding a position starts at or shortly before it.
        for (long lookBack = 64; ; lookBack *= 4) {
            var commits = chain.storedEvents().commitsStartingIn(Math.max(1, position - lookBack), position);
            for (var commit : commits.descendingMap().values()) {
                for (CanonicalEvent event : StoredEvents.eventsOf(commit)) {
                    if (event.position() == position) {
                        return Optional.of(event);
                    }
                }
            }
            if (!commits.isEmpty() || lookBack > 4096) {
                return Optional.empty();
            }
        }
    }

    /** The collaboration an event belongs to: its payload's {@code collaborationId}. */
    public static String collaborationOf(CanonicalEvent event) {
        try {
            JsonNode id = JSON.readTree(event.payload()).get("collaborationId");
            return id == null || !id.isTextual() ? null : id.asText();
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    // ------------------------------------------------------------------ export

    /**
     * Streams a bundle: {@code collaborationId} null for the whole store (every event, for full recomputation), else
     * only that collaboration's events, each with an inclusion proof into the latest checkpoint. Only events covered
     * by the latest checkpoint are exported (it is signed first, so that is everything chained).
     */
    public void export(String collaborationId, OutputStream out) throws IOException {
        sealNow();
        List<Checkpoint> checkpoints = records.checkpoints();
        Merkle.SubtreeHashes tree = records.storedTree();
        List<Map<String, Object>> consistency = new ArrayList<>();
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint older = checkpoints.get(i - 1);
            Checkpoint newer = checkpoints.get(i);
            Map<String, Object> proof = new LinkedHashMap<>();
            proof.put("from", older.number());
            proof.put("to", newer.number());
            proof.put("proof", Merkle.hex(Merkle.consistencyProof(tree, older.treeSize(), newer.treeSize())));
            consistency.add(proof);
        }
        Checkpoint last = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
        boolean store = collaborationId == null;
        try (BundleWriter bundle = new BundleWriter(out)) {
            bundle.header(store ? Bundle.SCOPE_STORE : Bundle.SCOPE_COLLABORATION, collaborationId,
                          clock.instant().toString(), keys.publicKey(), checkpoints, consistency, readme());
            if (last == null) {
                return;
            }
            if (store) {
                // Every stored event up to the checkpoint, whether the chain knows it or not: what the store holds.
                Iterator<StoreVerifier.Entry> events = withRecordedHashes(chain.storedEvents().all(last.lastPosition()));
                long leaf = 0;
                while (events.hasNext()) {
                    StoreVerifier.Entry entry = events.next();
                    if (entry.event().position() > last.lastPosition()) {
                        break;
                    }
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("leaf", ++leaf);
                    line.put("chainHash", entry.recordedChainHash());
                    line.put("event", entry.event().toMap());
                    bundle.event(line);
                }
                return;
            }
            PeekingEvents events = new PeekingEvents(chain.storedEvents().all(last.lastPosition()));
            Iterator<AuditRecords.ChainEntry> leaves = leaves(last.treeSize());
            while (leaves.hasNext()) {
                AuditRecords.ChainEntry leaf = leaves.next();
                CanonicalEvent event = events.at(leaf.position());
                if (event == null || !collaborationId.equals(collaborationOf(event))) {
                    continue;
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("leaf", leaf.leaf());
                line.put("checkpoint", last.number());
                line.put("inclusionProof", Merkle.hex(Merkle.inclusionProof(tree, leaf.leaf() - 1, last.treeSize())));
                line.put("event", event.toMap());
                bundle.event(line);
            }
        }
    }

    /** Stored events in order, looked up by ascending position; positions the store lacks answer null. */
    private static final class PeekingEvents {
        private final Iterator<CanonicalEvent> events;
        private CanonicalEvent pending;

        PeekingEvents(Iterator<CanonicalEvent> events) {
            this.events = events;
        }

        CanonicalEvent at(long position) {
            while (pending == null || pending.position() < position) {
                if (!events.hasNext()) {
                    return null;
                }
                pending = events.next();
            }
            return pending.position() == position ? pending : null;
        }
    }

    private Iterator<AuditRecords.ChainEntry> leaves(long treeSize) {
        return new Iterator<>() {
            private long next = 1;
            private Map<Long, AuditRecords.ChainEntry> window = Map.of();

            @Override
            public boolean hasNext() {
                if (next > treeSize) {
                    return false;
                }
                if (!window.containsKey(next)) {
                    window = records.entries(next, Math.min(treeSize, next + HINT_WINDOW - 1));
                }
                return window.containsKey(next);
            }

            @Override
            public AuditRecords.ChainEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return window.get(next++);
            }
        };
    }

    static String readme() {
        try (InputStream in = AuditService.class.getResourceAsStream("/audit/bundle-README.md")) {
            return in == null ? "See docs/audit-integrity.md\n" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
