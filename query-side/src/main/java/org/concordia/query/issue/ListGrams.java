package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list's trigram index ({@code issue_list_grams}): per trigram of the lower-case title + description and
 * chunk of {@value #GRAM_CHUNK} issue numbers, the numbers whose text has it. Kept on raise and correction, read to
 * narrow a free-text query's candidates. The layout and its costs: docs/query-side-performance.md, "The issue list".
 */
final class ListGrams {

    static final int GRAM_CHUNK = 1 << 12;
    /** Trigrams read per round trip of a free-text query; a round only reads chunks that still have candidates. */
    static final int GRAMS_PER_ROUND = 6;
    /** At most this many of a long text's trigrams narrow the candidates; the text check does the rest. */
    static final int MAX_QUERY_GRAMS = 36;

    private final MongoCollection<Document> grams;
    private final WriteBatch.Documents<ListBits.Bits> gramDocuments;

    ListGrams(WriteBatch batch, MongoDatabase db) {
        this.grams = db.getCollection(IssueListPages.GRAMS);
        this.gramDocuments = batch.collection(grams, ListBits.Bits::decode, ListBits.Bits::encode);
    }

    static String gramId(String collaborationId, String gram, long gramChunk) {
        return collaborationId + "|" + gram + "|" + gramChunk;
    }

    /** Sets the issue's bit in the document of each trigram of its text (idempotent: a redelivery sets it again). */
    void index(String cid, long number, String searchText) {
        long chunk = number / GRAM_CHUNK;
        int bit = (int) (number % GRAM_CHUNK);
        List<String> ids = new ArrayList<>();
        for (String gram : trigrams(searchText)) {
            ids.add(gramId(cid, gram, chunk));
        }
        Map<String, ListBits.Bits> found = gramDocuments.findAll(ids);
        for (String id : ids) {
            ListBits.Bits b = found.get(id);
            if (b == null) {
                b = new ListBits.Bits(id, new BitSet());
            }
            if (!b.bits().get(bit)) {
                b.bits().set(bit);
                gramDocuments.put(id, b);
            }
        }
    }

    /** Clears the issue's bit in the documents of the trigrams its old text had and its new text has not. */
    void unindex(String cid, long number, String oldText, String newText) {
        long chunk = number / GRAM_CHUNK;
        int bit = (int) (number % GRAM_CHUNK);
        Set<String> gone = new LinkedHashSet<>(trigrams(oldText));
        gone.removeAll(trigrams(newText));
        List<String> ids = gone.stream().map(gram -> gramId(cid, gram, chunk)).toList();
        gramDocuments.findAll(ids).forEach((id, b) -> {
            if (b.bits().get(bit)) {
                b.bits().clear(bit);
                gramDocuments.put(id, b);
            }
        });
    }

    /**
     * Clears the candidates that lack one of {@code needleGrams} (a few trigrams per round trip, each round only
     * for the {@value #GRAM_CHUNK}-number chunks that still have candidates).
     */
    void keep(String cid, List<String> needleGrams, List<BitSet> matching) {
        int perChunk = ListBits.CHUNK / GRAM_CHUNK;
        List<Long> live = new ArrayList<>();
        for (int c = 0; c < matching.size(); c++) {
            BitSet b = matching.get(c);
            for (int k = 0; k < perChunk; k++) {
                int next = b.nextSetBit(k * GRAM_CHUNK);
                if (next >= 0 && next < (k + 1) * GRAM_CHUNK) {
                    live.add((long) c * perChunk + k);
                }
            }
        }
        BitSet none = new BitSet();
        for (int from = 0; from < needleGrams.size() && !live.isEmpty(); from += GRAMS_PER_ROUND) {
            List<String> round = needleGrams.subList(from, Math.min(from + GRAMS_PER_ROUND, needleGrams.size()));
            List<String> ids = new ArrayList<>(live.size() * round.size());
            for (long gc : live) {
                for (String gram : round) {
                    ids.add(gramId(cid, gram, gc));
                }
            }
            Map<String, BitSet> found = new HashMap<>();
            for (int i = 0; i < ids.size(); i += 1000) {
                found.putAll(ListBits.read(grams, ids.subList(i, Math.min(i + 1000, ids.size()))));
            }
            List<Long> stillLive = new ArrayList<>();
            for (long gc : live) {
                BitSet b = matching.get((int) (gc / perChunk));
                int offset = (int) (gc % perChunk) * GRAM_CHUNK;
                BitSet kept = b.get(offset, offset + GRAM_CHUNK);
                for (String gram : round) {
                    kept.and(found.getOrDefault(gramId(cid, gram, gc), none));
                }
                b.clear(offset, offset + GRAM_CHUNK);
                for (int bit = kept.nextSetBit(0); bit >= 0; bit = kept.nextSetBit(bit + 1)) {
                    b.set(offset + bit);
                }
                if (!kept.isEmpty()) {
                    stillLive.add(gc);
                }
            }
            live = stillLive;
        }
    }

    /** The distinct trigrams (three code points) of {@code text}, in order of first occurrence. */
    static Set<String> trigrams(String text) {
        int[] cps = text.codePoints().toArray();
        Set<String> grams = new LinkedHashSet<>();
        for (int i = 0; i + 3 <= cps.length; i++) {
            grams.add(new String(cps, i, 3));
        }
        return grams;
    }

    /**
     * The trigrams a text containing {@code needle} (lower case) must have, spread over the needle and at most
     * {@value #MAX_QUERY_GRAMS}; null when the index cannot answer: fewer than three code points, or a needle that
     * begins or ends inside a surrogate pair (it could match half a pair, whose trigrams the text does not have).
     */
    static List<String> queryTrigrams(String needle) {
        if (Character.isLowSurrogate(needle.charAt(0)) || Character.isHighSurrogate(needle.charAt(needle.length() - 1))) {
            return null;
        }
        List<String> all = new ArrayList<>(trigrams(needle));
        if (all.isEmpty()) {
            return null;
        }
        if (all.size() <= MAX_QUERY_GRAMS) {
            return all;
        }
        List<String> spread = new ArrayList<>(MAX_QUERY_GRAMS);
        for (int i = 0; i < MAX_QUERY_GRAMS; i++) {
            spread.add(all.get((int) ((long) i * (all.size() - 1) / (MAX_QUERY_GRAMS - 1))));
        }
        return spread;
    }

    /**
     * Whether having the trigram is containing the needle: a needle of exactly three code points, free of
     * surrogates and of the characters an unpaired surrogate may be stored as ({@code ?}, U+FFFD), so that two
     * trigrams sharing a stored {@code _id} never make a match the text check has not made.
     */
    static boolean isOneTrigram(String needle) {
        return needle.codePointCount(0, needle.length()) == 3
                && needle.chars().noneMatch(ch -> Character.isSurrogate((char) ch) || ch == '?' || ch == '\uFFFD');
    }

    void clear() {
        grams.deleteMany(new Document());
    }
}
