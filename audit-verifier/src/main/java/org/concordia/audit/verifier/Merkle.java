package org.concordia.audit.verifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 §2.1 (leaf indexes 0-based, as there): tree hashes, inclusion and consistency proofs,
 * and their verification. Proofs are built from any {@link SubtreeHashes} (in memory, or stored nodes).
 */
public final class Merkle {

    /** MTH of the leaves {@code [start, start + size)}. */
    @FunctionalInterface
    public interface SubtreeHashes {
        byte[] hash(long start, long size);
    }

    private Merkle() {
    }

    /** Largest power of two strictly smaller than {@code n} (n ≥ 2). */
    public static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    public static boolean isPerfect(long start, long size) {
        return size > 0 && Long.bitCount(size) == 1 && start % size == 0;
    }

    /** MTH over in-memory leaf hashes, by the recursive definition. */
    public static SubtreeHashes inMemory(List<byte[]> leafHashes) {
        return new SubtreeHashes() {
            @Override
            public byte[] hash(long start, long size) {
                if (size == 0) {
                    return Hashes.sha256();
                }
                if (size == 1) {
                    return leafHashes.get((int) start);
                }
                long k = split(size);
                return Hashes.node(hash(start, k), hash(start + k, size - k));
            }
        };
    }

    /** RFC 9162 §2.1.3.1 PATH(m, D[n]). */
    public static List<byte[]> inclusionProof(SubtreeHashes tree, long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(tree, index, 0, size, proof);
        return proof;
    }

    private static void path(SubtreeHashes tree, long m, long start, long n, List<byte[]> proof) {
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(tree, m, start, k, proof);
            proof.add(tree.hash(start + k, n - k));
        } else {
            path(tree, m - k, start + k, n - k, proof);
            proof.add(tree.hash(start, k));
        }
    }

    /** RFC 9162 §2.1.4.1 PROOF(m, D[n]), 0 &lt; m ≤ n. */
    public static List<byte[]> consistencyProof(SubtreeHashes tree, long m, long n) {
        if (m <= 0 || m > n) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (m < n) {
            subproof(tree, m, 0, n, true, proof);
        }
        return proof;
    }

    private static void subproof(SubtreeHashes tree, long m, long start, long n, boolean b, List<byte[]> proof) {
        if (m == n) {
            if (!b) {
                proof.add(tree.hash(start, n));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(tree, m, start, k, b, proof);
            proof.add(tree.hash(start + k, n - k));
        } else {
            subproof(tree, m - k, start + k, n - k, false, proof);
            proof.add(tree.hash(start, k));
        }
    }

    /** RFC 9162 §2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Hashes.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = Hashes.node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Hashes.node(c, fr);
                sr = Hashes.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = Hashes.node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot) && sn == 0;
    }

    public static List<String> hex(List<byte[]> proof) {
        return proof.stream().map(Hashes::hex).toList();
    }

    public static List<byte[]> unhex(List<?> proof) {
        return proof.stream().map(p -> Hashes.unhex((String) p)).toList();
    }
}
