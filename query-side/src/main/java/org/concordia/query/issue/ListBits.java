package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Binary;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list's bitset documents ({@code issue_list_bits}): per field, value and chunk of {@value #CHUNK} issue
 * numbers, the numbers that have that value. Sets and clears bits through the batch, reads them for queries, and
 * stores each document in its smaller encoding. The layout: docs/query-side-performance.md, "The issue list".
 */
final class ListBits {

    static final int CHUNK = 1 << 16;

    /** A bitset document. */
    record Bits(String id, BitSet bits) {
        static Bits decode(Document doc) {
            Binary dense = doc.get("bits", Binary.class);
            if (dense != null) {
                return new Bits(doc.getString("_id"), BitSet.valueOf(dense.getData()));
            }
            byte[] sparse = doc.get("ns", Binary.class).getData();
            BitSet bits = new BitSet();
            for (int i = 0; i + 1 < sparse.length; i += 2) {
                bits.set(((sparse[i] & 0xff) << 8) | (sparse[i + 1] & 0xff));
            }
            return new Bits(doc.getString("_id"), bits);
        }

        /**
         * As a bitset ({@code bits}), or when that is smaller, as the set positions, two bytes each ({@code ns}): a
         * bucket of a sort field holds a few issues of high numbers, which a bitset stores in up to 8 KB.
         */
        Document encode() {
            byte[] dense = bits.toByteArray();
            if (2L * bits.cardinality() >= dense.length) {
                return new Document("_id", id).append("bits", new Binary(dense));
            }
            byte[] sparse = new byte[2 * bits.cardinality()];
            int i = 0;
            for (int bit = bits.nextSetBit(0); bit >= 0; bit = bits.nextSetBit(bit + 1)) {
                sparse[i++] = (byte) (bit >>> 8);
                sparse[i++] = (byte) bit;
            }
            return new Document("_id", id).append("ns", new Binary(sparse));
        }
    }

    private final MongoCollection<Document> bits;
    private final WriteBatch.Documents<Bits> bitDocuments;

    ListBits(WriteBatch batch, MongoDatabase db) {
        this.bits = db.getCollection(IssueListPages.BITS);
        this.bitDocuments = batch.collection(bits, Bits::decode, Bits::encode);
    }

    static String bitsId(String collaborationId, String field, String value, long chunk) {
        return collaborationId + "|" + field + "|" + value + "|" + chunk;
    }

    /**
     * Moves the issue's bit in each field whose values changed from {@code old} to {@code now}; {@code moved} hears of
     * every value the issue left ({@code false}) or entered ({@code true}), after its bit changed.
     */
    void update(String cid, long number, Map<String, Set<String>> old, Map<String, Set<String>> now, Moved moved) {
        long chunk = number / CHUNK;
        int bit = (int) (number % CHUNK);
        List<String> ids = new ArrayList<>();
        for (String field : now.keySet()) {
            Set<String> was = old.getOrDefault(field, Set.of());
            Set<String> is = now.get(field);
            was.stream().filter(value -> !is.contains(value)).forEach(value -> ids.add(bitsId(cid, field, value, chunk)));
            is.stream().filter(value -> !was.contains(value)).forEach(value -> ids.add(bitsId(cid, field, value, chunk)));
        }
        bitDocuments.findAll(ids); // the batch reads those it does not hold yet at once, not one round trip each
        for (String field : now.keySet()) {
            Set<String> was = old.getOrDefault(field, Set.of());
            Set<String> is = now.get(field);
            for (String value : was) {
                if (!is.contains(value)) {
                    change(bitsId(cid, field, value, chunk), bit, false);
                    moved.moved(field, value, false);
                }
            }
            for (String value : is) {
                if (!was.contains(value)) {
                    change(bitsId(cid, field, value, chunk), bit, true);
                    moved.moved(field, value, true);
                }
            }
        }
    }

    /** Hears of an issue's bit moved (the sort orders keep their directories of days in use: ListSorts#moved). */
    interface Moved {
        void moved(String field, String value, boolean entered);
    }

    /** Sets or clears one bit of the document {@code id} in the batch (a document only written if it changed). */
    void change(String id, int bit, boolean value) {
        Bits doc = bitDocuments.find(id);
        Bits b = doc != null ? doc : new Bits(id, new BitSet());
        if (b.bits().get(bit) != value) {
            b.bits().set(bit, value);
            bitDocuments.put(id, b);
        }
    }

    WriteBatch.Documents<Bits> documents() {
        return bitDocuments;
    }

    /** For writes: the documents {@code ids} as the batch has them (missing ones left out). */
    Map<String, Bits> inBatch(Collection<String> ids) {
        return bitDocuments.findAll(ids);
    }

    /** For writes: the document {@code id} as the batch has it, or null. */
    Bits inBatch(String id) {
        return bitDocuments.find(id);
    }

    /** For queries: the stored bitsets of {@code ids} (one {@code $in}), by {@code _id}; missing ones left out. */
    Map<String, BitSet> read(List<String> ids) {
        return read(bits, ids);
    }

    /** The stored bitsets of {@code ids} in {@code collection} (one {@code $in}), by {@code _id}. */
    static Map<String, BitSet> read(MongoCollection<Document> collection, List<String> ids) {
        Map<String, BitSet> found = new HashMap<>();
        for (Document doc : collection.find(Filters.in("_id", ids))) {
            found.put(doc.getString("_id"), Bits.decode(doc).bits());
        }
        return found;
    }

    /** For queries: the stored document {@code id}, or null. */
    BitSet readOne(String id) {
        Document doc = bits.find(Filters.eq("_id", id)).first();
        return doc == null ? null : Bits.decode(doc).bits();
    }

    /**
     * Per chunk, the numbers having every value of {@code filters} (field → value) and, with {@code viewerKeys},
     * opened by one of them (one {@code $in}).
     */
    List<BitSet> matching(String cid, long chunks, Map<String, String> filters, Set<String> viewerKeys) {
        List<String> ids = new ArrayList<>();
        for (long c = 0; c < chunks; c++) {
            for (Map.Entry<String, String> f : filters.entrySet()) {
                ids.add(bitsId(cid, f.getKey(), f.getValue(), c));
            }
            if (viewerKeys != null) {
                for (String key : viewerKeys) {
                    ids.add(bitsId(cid, "visible", key, c));
                }
            }
        }
        Map<String, BitSet> found = read(ids);
        List<BitSet> matching = new ArrayList<>();
        for (long c = 0; c < chunks; c++) {
            BitSet result = null;
            for (Map.Entry<String, String> f : filters.entrySet()) {
                BitSet b = found.getOrDefault(bitsId(cid, f.getKey(), f.getValue(), c), new BitSet());
                if (result == null) {
                    result = (BitSet) b.clone();
                } else {
                    result.and(b);
                }
            }
            if (viewerKeys != null) {
                // restricted issues: those opened by any key the viewer holds
                BitSet visible = new BitSet();
                for (String key : viewerKeys) {
                    visible.or(found.getOrDefault(bitsId(cid, "visible", key, c), new BitSet()));
                }
                result.and(visible);
            }
            matching.add(result);
        }
        return matching;
    }

    /** Per chunk, {@code matching} and the value's bits among {@code found} (read for the field and value). */
    static List<BitSet> and(List<BitSet> matching, Map<String, BitSet> found, String cid, String field, String value) {
        List<BitSet> result = new ArrayList<>(matching.size());
        for (int c = 0; c < matching.size(); c++) {
            BitSet b = (BitSet) matching.get(c).clone();
            b.and(found.getOrDefault(bitsId(cid, field, value, c), new BitSet()));
            result.add(b);
        }
        return result;
    }

    static long count(List<BitSet> chunks) {
        return chunks.stream().mapToLong(BitSet::cardinality).sum();
    }

    /**
     * Adds to {@code numbers} (up to {@code size}) the set numbers of {@code chunks}, highest first when
     * {@code descending}, after skipping {@code skip} of them; returns what is left to skip.
     */
    static long walk(List<BitSet> chunks, boolean descending, long skip, int size, List<Long> numbers) {
        for (int k = 0; k < chunks.size() && numbers.size() < size; k++) {
            int c = descending ? chunks.size() - 1 - k : k;
            BitSet b = chunks.get(c);
            long inChunk = b.cardinality();
            if (skip >= inChunk) {
                skip -= inChunk;
                continue;
            }
            for (int bit = descending ? b.previousSetBit(b.length() - 1) : b.nextSetBit(0);
                 bit >= 0 && numbers.size() < size;
                 bit = descending ? (bit == 0 ? -1 : b.previousSetBit(bit - 1)) : b.nextSetBit(bit + 1)) {
                if (skip > 0) {
                    skip--;
                } else {
                    numbers.add((long) c * CHUNK + bit);
                }
            }
        }
        return skip;
    }

    void clear() {
        bits.deleteMany(new Document());
    }
}
