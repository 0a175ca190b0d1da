package org.concordia.audit.verifier;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Hashes.leaf(("leaf-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    @Test
    void rfc9162RootOfTheEmptyTreeIsTheHashOfNothing() {
        assertThat(Hashes.hex(new MerkleFrontier().root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void treeOfThreeLeavesSplitsAtTwo() {
        List<byte[]> l = leaves(3);
        byte[] expected = Hashes.node(Hashes.node(l.get(0), l.get(1)), l.get(2));
        assertThat(Merkle.inMemory(l).hash(0, 3)).isEqualTo(expected);
    }

    @Test
    void frontierRootEqualsTheRecursiveTreeHashAtEverySize() {
        List<byte[]> l = leaves(70);
        MerkleFrontier frontier = new MerkleFrontier();
        for (int n = 1; n <= l.size(); n++) {
            frontier.append(l.get(n - 1));
            assertThat(frontier.root()).as("size %d", n).isEqualTo(Merkle.inMemory(l).hash(0, n));
            MerkleFrontier restored = new MerkleFrontier(frontier.size(), frontier.edge());
            assertThat(restored.root()).isEqualTo(frontier.root());
        }
    }

    @Test
    void frontierReportsEveryCompletedPerfectSubtree() {
        List<byte[]> l = leaves(8);
        MerkleFrontier frontier = new MerkleFrontier();
        List<MerkleFrontier.Node> nodes = new ArrayList<>();
        l.forEach(leaf -> nodes.addAll(frontier.append(leaf)));
        assertThat(nodes).hasSize(15);
        MerkleFrontier.Node top = nodes.get(nodes.size() - 1);
        assertThat(top.level()).isEqualTo(3);
        assertThat(top.hash()).isEqualTo(Merkle.inMemory(l).hash(0, 8));
    }

    @Test
    void everyInclusionProofVerifiesAndNoOtherLeafOrRootPasses() {
        List<byte[]> l = leaves(33);
        Merkle.SubtreeHashes tree = Merkle.inMemory(l);
        for (int n = 1; n <= l.size(); n++) {
            byte[] root = tree.hash(0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = Merkle.inclusionProof(tree, m, n);
                assertThat(Merkle.verifyInclusion(m, n, l.get(m), proof, root)).isTrue();
                assertThat(Merkle.verifyInclusion(m, n, l.get((m + 1) % l.size()), proof, root)).isFalse();
                if (n > 1) {
                    assertThat(Merkle.verifyInclusion((m + 1) % n, n, l.get(m), proof, root)).isFalse();
                    assertThat(Merkle.verifyInclusion(m, n, l.get(m), proof, tree.hash(0, n - 1))).isFalse();
                }
            }
        }
    }

    @Test
    void aTamperedInclusionProofIsRejected() {
        List<byte[]> l = leaves(20);
        Merkle.SubtreeHashes tree = Merkle.inMemory(l);
        List<byte[]> proof = new ArrayList<>(Merkle.inclusionProof(tree, 5, 20));
        byte[] flipped = proof.get(1).clone();
        flipped[0] ^= 1;
        proof.set(1, flipped);
        assertThat(Merkle.verifyInclusion(5, 20, l.get(5), proof, tree.hash(0, 20))).isFalse();
        assertThat(Merkle.verifyInclusion(5, 20, l.get(5), proof.subList(0, proof.size() - 1), tree.hash(0, 20)))
                .isFalse();
    }

    @Test
    void everyConsistencyProofVerifiesAndAForkDoesNot() {
        List<byte[]> l = leaves(33);
        Merkle.SubtreeHashes tree = Merkle.inMemory(l);
        List<byte[]> forked = new ArrayList<>(l);
        for (int n = 1; n <= l.size(); n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = Merkle.consistencyProof(tree, m, n);
                assertThat(Merkle.verifyConsistency(m, n, tree.hash(0, m), tree.hash(0, n), proof))
                        .as("%d → %d", m, n).isTrue();
                if (m < n) {
                    // a history that rewrote leaf 0 after the first checkpoint does not extend it
                    forked.set(0, Hashes.leaf("rewritten".getBytes(StandardCharsets.UTF_8)));
                    Merkle.SubtreeHashes fork = Merkle.inMemory(forked);
                    assertThat(Merkle.verifyConsistency(m, n, tree.hash(0, m), fork.hash(0, n),
                                                        Merkle.consistencyProof(fork, m, n))).isFalse();
                    forked.set(0, l.get(0));
                }
            }
        }
    }

    @Test
    void aConsistencyProofForOtherSizesOrTamperedIsRejected() {
        List<byte[]> l = leaves(20);
        Merkle.SubtreeHashes tree = Merkle.inMemory(l);
        List<byte[]> proof = Merkle.consistencyProof(tree, 7, 20);
        assertThat(Merkle.verifyConsistency(7, 20, tree.hash(0, 7), tree.hash(0, 20), proof)).isTrue();
        assertThat(Merkle.verifyConsistency(6, 20, tree.hash(0, 6), tree.hash(0, 20), proof)).isFalse();
        assertThat(Merkle.verifyConsistency(7, 19, tree.hash(0, 7), tree.hash(0, 19), proof)).isFalse();
        List<byte[]> tampered = new ArrayList<>(proof);
        byte[] flipped = tampered.get(0).clone();
        flipped[31] ^= 0x40;
        tampered.set(0, flipped);
        assertThat(Merkle.verifyConsistency(7, 20, tree.hash(0, 7), tree.hash(0, 20), tampered)).isFalse();
        assertThat(Merkle.verifyConsistency(7, 20, tree.hash(0, 7), tree.hash(0, 20), List.of())).isFalse();
    }
}
