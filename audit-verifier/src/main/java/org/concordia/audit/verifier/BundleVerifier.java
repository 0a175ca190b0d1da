package org.concordia.audit.verifier;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Verifies an export bundle offline. A store bundle is recomputed in full ({@link StoreVerifier}); a collaboration
 * bundle holds only that collaboration's events, each with an RFC 9162 inclusion proof into a signed checkpoint, plus
 * consistency proofs chaining every checkpoint to the next.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    /**
     * @param pinnedKey the public key the auditor obtained independently (null: trust the bundle's own key, which
     *                  only proves the bundle is self-consistent)
     */
    public static Verification verify(Path bundle, PublicKey pinnedKey) throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            Map<String, Object> manifest = Json.parseObject(text(zip, Bundle.MANIFEST));
            if (!Bundle.FORMAT.equals(manifest.get("format"))) {
                return Verification.failed(0, null, null, "not a " + Bundle.FORMAT + " bundle");
            }
            PublicKey key = Ed25519Keys.parsePublic(text(zip, Bundle.PUBLIC_KEY));
            if (pinnedKey != null && !Ed25519Keys.keyId(pinnedKey).equals(Ed25519Keys.keyId(key))) {
                return Verification.failed(0, null, null, "the bundle's public key " + Ed25519Keys.keyId(key)
                                                           + " is not the expected key " + Ed25519Keys.keyId(pinnedKey));
            }
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (String line : lines(zip, Bundle.CHECKPOINTS)) {
                checkpoints.add(Checkpoint.fromMap(Json.parseObject(line)));
            }
            checkpoints.sort(java.util.Comparator.comparingLong(Checkpoint::number));
            Verification bad = StoreVerifier.checkCheckpoints(checkpoints, key);
            if (bad != null) {
                return bad;
            }
            bad = checkConsistency(checkpoints, lines(zip, Bundle.CONSISTENCY));
            if (bad != null) {
                return bad;
            }
            List<String> events = lines(zip, Bundle.EVENTS);
            if (Bundle.SCOPE_STORE.equals(manifest.get("scope"))) {
                return StoreVerifier.verify(storeEntries(events), checkpoints, key);
            }
            if (Bundle.SCOPE_COLLABORATION.equals(manifest.get("scope"))) {
                return verifyIncluded(events, checkpoints);
            }
            return Verification.failed(0, null, null, "unknown scope " + manifest.get("scope"));
        } catch (RuntimeException malformed) {
            return Verification.failed(0, null, null, "the bundle is malformed: " + malformed.getMessage());
        }
    }

    /** Every checkpoint extends the one before: a consistency proof for each consecutive pair. */
    static Verification checkConsistency(List<Checkpoint> checkpoints, List<String> proofLines) {
        Map<Long, Map<String, Object>> byFrom = new HashMap<>();
        for (String line : proofLines) {
            Map<String, Object> proof = Json.parseObject(line);
            byFrom.put((Long) proof.get("from"), proof);
        }
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint older = checkpoints.get(i - 1);
            Checkpoint newer = checkpoints.get(i);
            Map<String, Object> proof = byFrom.get(older.number());
            boolean valid = proof != null && Long.valueOf(newer.number()).equals(proof.get("to"))
                            && Merkle.verifyConsistency(older.treeSize(), newer.treeSize(),
                                                        Hashes.unhex(older.rootHash()), Hashes.unhex(newer.rootHash()),
                                                        Merkle.unhex((List<?>) proof.get("proof")));
            if (!valid) {
                return Verification.failed(0, newer.lastPosition(), newer.number(),
                        "no valid consistency proof that checkpoint " + newer.number() + " extends checkpoint "
                        + older.number());
            }
        }
        return null;
    }

    private static Verification verifyIncluded(List<String> lines, List<Checkpoint> checkpoints) {
        Map<Long, Checkpoint> byNumber = new HashMap<>();
        checkpoints.forEach(c -> byNumber.put(c.number(), c));
        long previousPosition = Long.MIN_VALUE;
        long previousLeaf = 0;
        long checked = 0;
        for (String line : lines) {
            Map<String, Object> entry = Json.parseObject(line);
            CanonicalEvent event = CanonicalEvent.fromMap((Map<?, ?>) entry.get("event"));
            long leaf = (Long) entry.get("leaf");
            Checkpoint checkpoint = byNumber.get((Long) entry.get("checkpoint"));
            if (event.position() <= previousPosition || leaf <= previousLeaf) {
                return Verification.failed(checked, event.position(), null,
                        "position " + event.position() + " is out of order");
            }
            if (checkpoint == null || leaf > checkpoint.treeSize()) {
                return Verification.failed(checked, event.position(), null,
                        "position " + event.position() + " names no checkpoint that covers leaf " + leaf);
            }
            List<byte[]> proof = Merkle.unhex((List<?>) entry.get("inclusionProof"));
            if (!Merkle.verifyInclusion(leaf - 1, checkpoint.treeSize(), event.leafHash(), proof,
                                        Hashes.unhex(checkpoint.rootHash()))) {
                return Verification.failed(checked, event.position(), checkpoint.number(),
                        "the event at position " + event.position() + " (leaf " + leaf
                        + ") is not proven included in checkpoint " + checkpoint.number()
                        + ": it was modified, or its proof does not match");
            }
            previousPosition = event.position();
            previousLeaf = leaf;
            checked++;
        }
        List<String> notes = new ArrayList<>();
        notes.add(checked + " events proven included in signed checkpoints");
        notes.add("a collaboration bundle proves each event it holds; it cannot show that no other event of the "
                  + "collaboration exists (that needs the whole store)");
        if (checkpoints.isEmpty()) {
            return Verification.intact(checked, 0, 0, notes);
        }
        long upTo = checked == 0 ? checkpoints.get(checkpoints.size() - 1).lastPosition() : previousPosition;
        return Verification.intact(checked, upTo, checkpoints.get(checkpoints.size() - 1).number(), notes);
    }

    private static Iterator<StoreVerifier.Entry> storeEntries(List<String> lines) {
        Iterator<String> raw = lines.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public StoreVerifier.Entry next() {
                Map<String, Object> entry = Json.parseObject(raw.next());
                return new StoreVerifier.Entry(CanonicalEvent.fromMap((Map<?, ?>) entry.get("event")),
                                               (String) entry.get("chainHash"));
            }
        };
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static List<String> lines(ZipFile zip, String name) throws IOException {
        if (zip.getEntry(name) == null) {
            return List.of();
        }
        return text(zip, name).lines().filter(l -> !l.isBlank()).toList();
    }
}
