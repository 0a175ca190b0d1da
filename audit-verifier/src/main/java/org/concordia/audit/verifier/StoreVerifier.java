package org.concordia.audit.verifier;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Verifies a whole store (live, or exported): recomputes every leaf, the hash chain and the Merkle roots from the
 * events themselves and checks them against the signed checkpoints. Stored chain hashes are never trusted: they
 * come in only as {@link Entry#recordedChainHash hints} that help name the first position that differs once a
 * signed checkpoint has already failed.
 */
public final class StoreVerifier {

    /** An event in store order, with the chain hash the store recorded for it (untrusted; may be null). */
    public record Entry(CanonicalEvent event, String recordedChainHash) {
    }

    private StoreVerifier() {
    }

    public static Verification verify(Iterator<Entry> entries, List<Checkpoint> checkpoints, PublicKey publicKey) {
        List<Checkpoint> ordered = new ArrayList<>(checkpoints);
        ordered.sort(Comparator.comparingLong(Checkpoint::number));
        Verification badCheckpoint = checkCheckpoints(ordered, publicKey);
        if (badCheckpoint != null) {
            return badCheckpoint;
        }
        MerkleFrontier tree = new MerkleFrontier();
        byte[] chain = Hashes.CHAIN_START;
        long previousPosition = Long.MIN_VALUE;
        Long firstDivergence = null;
        Long firstAfterCheckpoint = null;
        int next = 0;
        while (entries.hasNext()) {
            Entry entry = entries.next();
            CanonicalEvent event = entry.event();
            long leaf = tree.size() + 1;
            if (event.position() <= previousPosition) {
                return Verification.failed(leaf - 1, event.position(), null,
                        "position " + event.position() + " comes after position " + previousPosition
                        + ": events are out of order or duplicated");
            }
            previousPosition = event.position();
            if (firstAfterCheckpoint == null) {
                firstAfterCheckpoint = event.position();
            }
            byte[] canonical = event.canonicalBytes();
            chain = Hashes.chain(chain, canonical);
            tree.append(Hashes.leaf(canonical));
            if (firstDivergence == null && !Hashes.hex(chain).equals(entry.recordedChainHash())) {
                firstDivergence = event.position();
            }
            if (next < ordered.size() && tree.size() == ordered.get(next).treeSize()) {
                Checkpoint checkpoint = ordered.get(next);
                String mismatch = !Arrays.equals(tree.root(), Hashes.unhex(checkpoint.rootHash())) ? "Merkle root"
                        : !Hashes.hex(chain).equals(checkpoint.chainHead()) ? "chain head"
                        : event.position() != checkpoint.lastPosition() ? "last position" : null;
                if (mismatch != null) {
                    long at = firstDivergence != null && firstDivergence >= firstAfterCheckpoint
                            ? firstDivergence : firstAfterCheckpoint;
                    return Verification.failed(tree.size(), at, checkpoint.number(),
                            "the events up to leaf " + tree.size() + " do not reproduce the " + mismatch
                            + " signed by checkpoint " + checkpoint.number() + ": an event at or after position "
                            + at + " was modified, inserted, deleted or reordered");
                }
                next++;
                firstAfterCheckpoint = null;
            }
        }
        if (next < ordered.size()) {
            Checkpoint missing = ordered.get(next);
            long at = previousPosition == Long.MIN_VALUE ? 1 : previousPosition + 1;
            return Verification.failed(tree.size(), at, missing.number(),
                    "the store ends after " + tree.size() + " events, but checkpoint " + missing.number()
                    + " signs " + missing.treeSize() + " events up to position " + missing.lastPosition()
                    + ": events were removed");
        }
        List<String> notes = new ArrayList<>();
        notes.add(tree.size() + " events recomputed");
        if (ordered.isEmpty()) {
            return Verification.intact(tree.size(), 0, 0, notes);
        }
        Checkpoint last = ordered.get(ordered.size() - 1);
        if (tree.size() > last.treeSize()) {
            notes.add((tree.size() - last.treeSize()) + " later events (after position " + last.lastPosition()
                      + ") are not yet covered by a signed checkpoint");
            if (firstDivergence != null) {
                notes.add("warning: from position " + firstDivergence + " on, those later events differ from the "
                          + "recorded chain (not yet chained, or changed); only a checkpoint can settle it");
            }
        }
        return Verification.intact(tree.size(), last.lastPosition(), last.number(), notes);
    }

    /** Numbered 1, 2, 3 … without holes, growing, signed by this key. */
    static Verification checkCheckpoints(List<Checkpoint> ordered, PublicKey publicKey) {
        String keyId = Ed25519Keys.keyId(publicKey);
        Checkpoint previous = null;
        for (int i = 0; i < ordered.size(); i++) {
            Checkpoint checkpoint = ordered.get(i);
            if (checkpoint.number() != i + 1) {
                return Verification.failed(0, null, (long) i + 1, "checkpoint " + (i + 1) + " is missing");
            }
            if (!keyId.equals(checkpoint.keyId()) || !checkpoint.signatureValid(publicKey)) {
                return Verification.failed(0, checkpoint.lastPosition(), checkpoint.number(),
                        "the signature of checkpoint " + checkpoint.number() + " does not verify with key " + keyId);
            }
            if (previous != null && (checkpoint.treeSize() <= previous.treeSize()
                                     || checkpoint.lastPosition() <= previous.lastPosition())) {
                return Verification.failed(0, checkpoint.lastPosition(), checkpoint.number(),
                        "checkpoint " + checkpoint.number() + " does not grow from checkpoint " + previous.number());
            }
            previous = checkpoint;
        }
        return null;
    }
}
