package org.concordia.audit.verifier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** Bundles built the way the application builds them, verified offline, then tampered with line by line. */
class BundleVerifierTest {

    @TempDir
    Path dir;
    private KeyPair key;
    private final List<CanonicalEvent> events = new ArrayList<>();
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private final List<String> chainHashes = new ArrayList<>();

    @BeforeEach
    void ledger() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        MerkleFrontier tree = new MerkleFrontier();
        byte[] chain = Hashes.CHAIN_START;
        long position = 0;
        for (int i = 0; i < 45; i++) {
            position += 1 + (i % 4 == 0 ? 2 : 0); // gaps, as voided commits leave them
            String collaboration = i % 3 == 0 ? "alpha" : "beta";
            CanonicalEvent event = new CanonicalEvent(position, "ev-" + i, "Issue", "issue-" + (i % 5), i / 5,
                    "org.concordia.kernel.issue.CommentAdded", "1", "2026-03-01T10:00:" + (10 + i) + "Z",
                    "{\"collaborationId\":\"" + collaboration + "\",\"text\":\"comment " + i
                    + "\",\"actor\":{\"username\":\"u" + i + "\"}}", "{\"traceId\":\"t" + i + "\"}");
            events.add(event);
            chain = Hashes.chain(chain, event.canonicalBytes());
            chainHashes.add(Hashes.hex(chain));
            tree.append(event.leafHash());
            if (tree.size() % 10 == 0 || tree.size() == 45) {
                checkpoints.add(sign(new Checkpoint(checkpoints.size() + 1, tree.size(), Hashes.hex(tree.root()),
                                                    Hashes.hex(chain), position, "2026-03-01T11:00:00Z",
                                                    Ed25519Keys.keyId(key.getPublic()), null)));
            }
        }
    }

    private Checkpoint sign(Checkpoint unsigned) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(unsigned.signedBytes());
        return new Checkpoint(unsigned.number(), unsigned.treeSize(), unsigned.rootHash(), unsigned.chainHead(),
                              unsigned.lastPosition(), unsigned.time(), unsigned.keyId(),
                              Base64.getEncoder().encodeToString(signer.sign()));
    }

    private List<Map<String, Object>> consistency() {
        Merkle.SubtreeHashes tree = Merkle.inMemory(events.stream().map(CanonicalEvent::leafHash).toList());
        List<Map<String, Object>> proofs = new ArrayList<>();
        for (int i = 1; i < checkpoints.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("from", checkpoints.get(i - 1).number());
            p.put("to", checkpoints.get(i).number());
            p.put("proof", Merkle.hex(Merkle.consistencyProof(tree, checkpoints.get(i - 1).treeSize(),
                                                             checkpoints.get(i).treeSize())));
            proofs.add(p);
        }
        return proofs;
    }

    private Path storeBundle(UnaryOperator<Map<String, Object>> eachLine) throws IOException {
        Path file = dir.resolve("store-" + System.nanoTime() + ".zip");
        try (OutputStream out = Files.newOutputStream(file); BundleWriter bundle = new BundleWriter(out)) {
            bundle.header(Bundle.SCOPE_STORE, null, "now", key.getPublic(), checkpoints, consistency(), "readme");
            for (int i = 0; i < events.size(); i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("leaf", (long) i + 1);
                line.put("chainHash", chainHashes.get(i));
                line.put("event", events.get(i).toMap());
                Map<String, Object> written = eachLine.apply(line);
                if (written != null) {
                    bundle.event(written);
                }
            }
        }
        return file;
    }

    private Path collaborationBundle(String collaboration, List<Map<String, Object>> consistency,
                                     UnaryOperator<Map<String, Object>> eachLine) throws IOException {
        Merkle.SubtreeHashes tree = Merkle.inMemory(events.stream().map(CanonicalEvent::leafHash).toList());
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        Path file = dir.resolve("collab-" + System.nanoTime() + ".zip");
        try (OutputStream out = Files.newOutputStream(file); BundleWriter bundle = new BundleWriter(out)) {
            bundle.header(Bundle.SCOPE_COLLABORATION, collaboration, "now", key.getPublic(), checkpoints, consistency,
                          "readme");
            for (int i = 0; i < events.size(); i++) {
                if (!events.get(i).payload().contains("\"" + collaboration + "\"")) {
                    continue;
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("leaf", (long) i + 1);
                line.put("checkpoint", last.number());
                line.put("inclusionProof", Merkle.hex(Merkle.inclusionProof(tree, i, last.treeSize())));
                line.put("event", events.get(i).toMap());
                bundle.event(eachLine.apply(line));
            }
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withEvent(Map<String, Object> line, String member, Object value) {
        Map<String, Object> event = new LinkedHashMap<>((Map<String, Object>) line.get("event"));
        event.put(member, value);
        Map<String, Object> changed = new LinkedHashMap<>(line);
        changed.put("event", event);
        return changed;
    }

    @Test
    void anUntouchedStoreBundleIsIntactUpToTheLastCheckpoint() throws IOException {
        Verification result = BundleVerifier.verify(storeBundle(l -> l), key.getPublic());
        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.summary()).startsWith("INTACT up to position " + events.get(44).position() + ", checkpoint 5");
    }

    @Test
    void aModifiedPayloadInAStoreBundleFailsAtItsPosition() throws IOException {
        long target = events.get(23).position();
        Verification result = BundleVerifier.verify(storeBundle(
                l -> l.get("leaf").equals(24L) ? withEvent(l, "payload", "{\"collaborationId\":\"beta\"}") : l),
                key.getPublic());
        assertThat(result.intact()).isFalse();
        assertThat(result.failedPosition()).isEqualTo(target);
        assertThat(result.failedCheckpoint()).isEqualTo(3L);
    }

    @Test
    void aBundleSignedByAnotherKeyIsRejectedWhenTheKeyIsPinned() throws Exception {
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Verification result = BundleVerifier.verify(storeBundle(l -> l), other.getPublic());
        assertThat(result.intact()).isFalse();
        assertThat(result.reason()).contains("is not the expected key");
    }

    @Test
    void aCollaborationBundleProvesEachOfItsEvents() throws IOException {
        Verification result = BundleVerifier.verify(collaborationBundle("alpha", consistency(), l -> l), null);
        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isEqualTo(15);
    }

    @Test
    void anInclusionProofThatDoesNotMatchIsRejected() throws IOException {
        Verification result = BundleVerifier.verify(collaborationBundle("alpha", consistency(), l -> {
            if (l.get("leaf").equals(13L)) {
                List<String> proof = new ArrayList<>((List<String>) l.get("inclusionProof"));
                proof.set(0, proof.get(1)); // a proof for another path
                l.put("inclusionProof", proof);
            }
            return l;
        }), null);
        assertThat(result.intact()).isFalse();
        assertThat(result.failedPosition()).isEqualTo(events.get(12).position());
        assertThat(result.reason()).contains("not proven included");
    }

    @Test
    void aModifiedEventInACollaborationBundleIsRejected() throws IOException {
        Verification result = BundleVerifier.verify(collaborationBundle("alpha", consistency(),
                l -> l.get("leaf").equals(1L) ? withEvent(l, "timestamp", "2026-03-01T09:00:00Z") : l), null);
        assertThat(result.intact()).isFalse();
        assertThat(result.failedPosition()).isEqualTo(events.get(0).position());
    }

    @Test
    void aConsistencyProofThatDoesNotMatchIsRejected() throws IOException {
        List<Map<String, Object>> consistency = consistency();
        Map<String, Object> swapped = new LinkedHashMap<>(consistency.get(2));
        swapped.put("proof", consistency.get(1).get("proof"));
        consistency.set(2, swapped);
        Verification result = BundleVerifier.verify(collaborationBundle("alpha", consistency, l -> l), null);
        assertThat(result.intact()).isFalse();
        assertThat(result.failedCheckpoint()).isEqualTo(4L);
        assertThat(result.reason()).contains("consistency proof");
    }

    @Test
    void aForgedCheckpointSignatureIsRejected() throws Exception {
        Checkpoint original = checkpoints.get(1);
        checkpoints.set(1, new Checkpoint(original.number(), original.treeSize(), original.rootHash(),
                                          original.chainHead(), original.lastPosition(), "2026-03-01T12:00:00Z",
                                          original.keyId(), original.signature()));
        Verification result = BundleVerifier.verify(storeBundle(l -> l), key.getPublic());
        assertThat(result.intact()).isFalse();
        assertThat(result.failedCheckpoint()).isEqualTo(2L);
        assertThat(result.reason()).contains("signature");
    }

    @Test
    void theCommandLineExitsZeroWhenIntactOneWhenNotTwoOnUsage() throws IOException {
        Path pem = dir.resolve("key.pem");
        Files.writeString(pem, Ed25519Keys.publicPem(key.getPublic()));
        Path good = storeBundle(l -> l);
        Path bad = storeBundle(l -> l.get("leaf").equals(45L) ? null : l);
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            assertThat(Main.run(new String[]{"verify", good.toString(), "--public-key", pem.toString()})).isEqualTo(0);
            assertThat(Main.run(new String[]{"verify", bad.toString(), "--public-key", pem.toString()})).isEqualTo(1);
            assertThat(Main.run(new String[]{"check", good.toString()})).isEqualTo(2);
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString()).contains("INTACT up to position").contains("FAILED")
                                      .contains("events were removed");
    }
}
