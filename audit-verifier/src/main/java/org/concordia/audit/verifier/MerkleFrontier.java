package org.concordia.audit.verifier;

import java.util.ArrayList;
import java.util.List;

/**
 * The right edge of an RFC 9162 tree that grows one leaf at a time: the roots of its perfect subtrees, largest first
 * (one per set bit of the tree size). Appending costs O(log n); the root is a fold of the edge. Each completed
 * perfect subtree is reported, so a store can keep every node it will need for proofs.
 */
public final class MerkleFrontier {

    /** A completed perfect subtree: {@code level} 0 is a leaf; it covers leaves [index·2^level, (index+1)·2^level). */
    public record Node(int level, long index, byte[] hash) {
    }

    private final List<byte[]> edge;
    private long size;

    public MerkleFrontier() {
        this(0, List.of());
    }

    /** Restores a frontier saved by {@link #edge()} for a tree of {@code size} leaves. */
    public MerkleFrontier(long size, List<byte[]> edge) {
        if (Long.bitCount(size) != edge.size()) {
            throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                                               + " perfect subtrees on its right edge, not " + edge.size());
        }
        this.size = size;
        this.edge = new ArrayList<>(edge);
    }

    /** Adds a leaf hash; returns the nodes it completes, the leaf itself first. */
    public List<Node> append(byte[] leafHash) {
        List<Node> completed = new ArrayList<>();
        long index = size;
        completed.add(new Node(0, index, leafHash));
        byte[] hash = leafHash;
        int level = 0;
        edge.add(hash);
        // Every trailing 1-bit of the old size is a subtree of equal size to merge with.
        while (((index >> level) & 1) == 1) {
            byte[] right = edge.remove(edge.size() - 1);
            byte[] left = edge.remove(edge.size() - 1);
            hash = Hashes.node(left, right);
            level++;
            edge.add(hash);
            completed.add(new Node(level, index >> level, hash));
        }
        size++;
        return completed;
    }

    public long size() {
        return size;
    }

    public byte[] root() {
        if (edge.isEmpty()) {
            return Hashes.sha256();
        }
        byte[] root = edge.get(edge.size() - 1);
        for (int i = edge.size() - 2; i >= 0; i--) {
            root = Hashes.node(edge.get(i), root);
        }
        return root;
    }

    public List<byte[]> edge() {
        return List.copyOf(edge);
    }
}
