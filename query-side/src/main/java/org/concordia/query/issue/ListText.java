package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.bson.Document;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list's free text: the text documents ({@code issue_list_text}), the trigram index ({@link ListGrams}) and
 * the meta document ({@code issue_list_meta}: highest number, start of the index, rewrites for the text cache), and the
 * free-text filter: trigrams first, then the candidates' text, read through this node's {@link SearchTextCache}.
 * The layout and its costs: docs/query-side-performance.md, "The issue list".
 */
final class ListText {

    static final int TEXT_CHUNK = 256;

    private final MongoCollection<Document> text;
    private final MongoCollection<Document> meta;
    private final WriteBatch.Documents<Document> textDocuments;
    private final ListGrams grams;
    private final WriteBatch.Documents<Document> metaDocuments;
    private final SearchTextCache searchTexts;

    ListText(WriteBatch batch, MongoDatabase db, SearchTextCache searchTexts) {
        this.searchTexts = searchTexts;
        this.text = db.getCollection(IssueListPages.TEXT);
        this.meta = db.getCollection(IssueListPages.META);
        this.textDocuments = batch.collection(text, d -> d, d -> d);
        // per-issue facts, idempotent bits: before the meta document, which makes a new number visible to queries
        this.grams = new ListGrams(batch, db);
        this.metaDocuments = batch.collection(meta, d -> d, d -> d);
    }

    static String textId(String collaborationId, long number) {
        return collaborationId + "|" + number / TEXT_CHUNK;
    }

    /** For writes: the list's highest issue number so far, as the batch has it; 0 for a list not written yet. */
    long maxNumber(String cid) {
        Document m = metaDocuments.find(cid);
        return m == null ? 0 : m.getLong("maxNumber");
    }

    /**
     * Records the issue's search text after an event ({@code before}: its text before the event, null if it is new)
     * and lists a new issue's number in the meta document.
     */
    void write(String before, IssueState s, String after) {
        if (before != null && !after.equals(before)) {
            // title or description corrected: the text and its trigrams are indexed again
            if (writeText(s, after)) {
                countRewrite(s);
            }
            grams.unindex(s.collaborationId, s.number, before, after);
            grams.index(s.collaborationId, s.number, after);
        }
        if (before == null) {
            boolean written = writeText(s, after);
            grams.index(s.collaborationId, s.number, after);
            Document m = metaDocuments.find(s.collaborationId);
            if (m == null) {
                metaDocuments.put(s.collaborationId, new Document("_id", s.collaborationId)
                        .append("maxNumber", s.number).append("gramsFrom", 0L));
            } else if (written && s.number <= m.getLong("maxNumber")) {
                countRewrite(s); // raised after a higher number (two raises at once): into a text document read before
            } else if (m.getLong("maxNumber") < s.number || !m.containsKey("gramsFrom")) {
                Document updated = new Document(m);
                updated.put("maxNumber", Math.max(m.getLong("maxNumber"), s.number));
                updated.put("gramsFrom", gramsFrom(m)); // a list written before the trigram index: from now on
                metaDocuments.put(s.collaborationId, updated);
            }
        }
    }

    /** Puts the issue's search text in its text document; false if it was there already (a redelivery). */
    private boolean writeText(IssueState s, String searchText) {
        String textId = textId(s.collaborationId, s.number);
        Document page = textDocuments.find(textId);
        if (page == null) {
            page = new Document("_id", textId).append("text", new Document());
        }
        Object was = page.get("text", Document.class).put(String.valueOf(s.number), searchText);
        if (searchText.equals(was)) {
            return false;
        }
        textDocuments.put(textId, page);
        return true;
    }

    /**
     * Counts a change to a text document below the list's highest number (a correction, or an issue raised after a
     * higher number) in the meta document, which is written after the text: a node's cached copy of the text
     * document is then no longer taken for the current one. A text document past the highest number needs no
     * count: raising into it moves the highest number.
     */
    private void countRewrite(IssueState s) {
        Document m = metaDocuments.find(s.collaborationId);
        if (m == null) {
            return; // not listed (yet): nothing cached for it either
        }
        Document updated = new Document(m);
        Document rewrites = new Document(m.get("rewrites", new Document()));
        String k = String.valueOf(s.number / TEXT_CHUNK);
        rewrites.put(k, ((Number) rewrites.getOrDefault(k, 0L)).longValue() + 1);
        updated.put("rewrites", rewrites);
        metaDocuments.put(s.collaborationId, updated);
    }

    /** For queries: the list's meta document as stored, or null for a collaboration without issues listed. */
    Document meta(String cid) {
        return meta.find(Filters.eq("_id", cid)).first();
    }

    /** The first issue number the trigram index has: 0, or one past the list written before the index existed. */
    private static long gramsFrom(Document meta) {
        return meta.containsKey("gramsFrom") ? meta.getLong("gramsFrom") : meta.getLong("maxNumber") + 1;
    }

    /**
     * Clears the candidates in {@code matching} whose title and description do not contain {@code needle} (lower
     * case), as {@link IssueFilter} matches: by the trigram index, then by their text where the index cannot tell.
     */
    void keep(String cid, String needle, List<BitSet> matching, Document m) {
        List<String> needleGrams = ListGrams.queryTrigrams(needle);
        if (needleGrams == null) {
            keepText(cid, needle, matching, m); // shorter than a trigram: scan the candidates' text
            return;
        }
        // issues listed before the trigram index existed (an upgraded data directory) are only text-checked
        long gramsFrom = gramsFrom(m);
        List<BitSet> unindexed = new ArrayList<>();
        boolean anyUnindexed = false;
        for (int c = 0; c < matching.size(); c++) {
            long end = Math.min(ListBits.CHUNK, Math.max(0, gramsFrom - (long) c * ListBits.CHUNK));
            unindexed.add(matching.get(c).get(0, (int) end));
            anyUnindexed |= !unindexed.get(c).isEmpty();
        }
        grams.keep(cid, needleGrams, matching);
        for (int c = 0; c < matching.size(); c++) {
            matching.get(c).or(unindexed.get(c));
        }
        if (anyUnindexed || !ListGrams.isOneTrigram(needle)) {
            keepText(cid, needle, matching, m); // having every trigram is not yet containing the text
        }
    }

    /**
     * Clears the candidates whose title and description do not contain {@code needle}, and those whose text is not
     * written yet. The text documents come from this node's cache when the meta document {@code meta} says they
     * have not changed since they were read.
     */
    private void keepText(String cid, String needle, List<BitSet> matching, Document meta) {
        Map<Long, List<Long>> candidatesByText = new TreeMap<>();
        for (int c = 0; c < matching.size(); c++) {
            BitSet b = matching.get(c);
            for (int bit = b.nextSetBit(0); bit >= 0; bit = b.nextSetBit(bit + 1)) {
                long number = (long) c * ListBits.CHUNK + bit;
                candidatesByText.computeIfAbsent(number / TEXT_CHUNK, k -> new ArrayList<>()).add(number);
            }
        }
        // the collection's own name: a replay writes a new generation, whose documents are never taken for the old
        String list = text.getNamespace().getFullName() + "|";
        long maxNumber = meta.getLong("maxNumber");
        Document rewrites = meta.get("rewrites", new Document());
        Map<Long, Map<Long, String>> texts = new HashMap<>();
        Map<String, Long> toRead = new LinkedHashMap<>();
        for (long k : candidatesByText.keySet()) {
            Map<Long, String> cached = searchTexts.get(list + textId(cid, k * TEXT_CHUNK),
                                                       version(k, maxNumber, rewrites));
            if (cached != null) {
                texts.put(k, cached);
            } else {
                toRead.put(textId(cid, k * TEXT_CHUNK), k);
            }
        }
        List<String> ids = new ArrayList<>(toRead.keySet());
        for (int from = 0; from < ids.size(); from += 100) {
            for (Document page : text.find(Filters.in("_id", ids.subList(from, Math.min(from + 100, ids.size()))))) {
                long k = toRead.get(page.getString("_id"));
                Map<Long, String> byNumber = new HashMap<>();
                page.get("text", Document.class).forEach((n, t) -> byNumber.put(Long.parseLong(n), (String) t));
                texts.put(k, byNumber);
                searchTexts.put(list + textId(cid, k * TEXT_CHUNK), version(k, maxNumber, rewrites), byNumber);
            }
        }
        candidatesByText.forEach((k, numbers) -> {
            Map<Long, String> byNumber = texts.getOrDefault(k, Map.of());
            for (long number : numbers) {
                String t = byNumber.get(number);
                if (t == null || !t.contains(needle)) {
                    matching.get((int) (number / ListBits.CHUNK)).clear((int) (number % ListBits.CHUNK));
                }
            }
        });
    }

    /** What the text document {@code k} holds by now, as the meta document says (see {@link SearchTextCache}). */
    private static SearchTextCache.Version version(long k, long maxNumber, Document rewrites) {
        long upTo = Math.min(maxNumber, (k + 1) * TEXT_CHUNK - 1);
        Object rewritten = rewrites.get(String.valueOf(k));
        return new SearchTextCache.Version(upTo, rewritten == null ? 0 : ((Number) rewritten).longValue());
    }

    void clear() {
        text.deleteMany(new Document());
        grams.clear();
        meta.deleteMany(new Document());
    }
}
