package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.types.Binary;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list of a collaboration, laid out for {@code _id} lookups only (the embedded server has no other
 * index) and for filters that stay fast with 100,000 issues. Issues are numbered per collaboration from 1.
 * <ul>
 *   <li>{@code issue_list_rows} {@code {_id: "<cid>|<n>", summary fields}} — one small row per issue;</li>
 *   <li>{@code issue_list_bits} {@code {_id: "<cid>|<field>|<value>|<chunk>", bits}} — for each filter value
 *       (status, tier, severity, category, party, and {@code all}) the set of issue numbers that have it, as a
 *       bitset of {@value #CHUNK} numbers per document (8 KB at most);</li>
 *   <li>{@code issue_list_text} {@code {_id: "<cid>|<k>", text: {"<n>": lower-case title + description}}} —
 *       {@value #TEXT_CHUNK} issues per document, written once per issue (title and description never
 *       change), read only for a free-text filter;</li>
 *   <li>{@code issue_list_grams} {@code {_id: "<cid>|<trigram>|<chunk>", bits}} — a trigram index of the same
 *       text: for each trigram (three code points) of the lower-case title + description, the issue numbers whose
 *       text has it, {@value #GRAM_CHUNK} numbers per document (512 bytes at most), written once per issue;</li>
 *   <li>{@code issue_list_meta} {@code {_id: cid, maxNumber, gramsFrom}} — {@code gramsFrom} is the first issue
 *       number in the trigram index: 0, or for a list written before the index existed, one past its highest number
 *       then (the issues below it are checked by their text only, until a replay rebuilds the list).</li>
 * </ul>
 * Two sort fields are bucketed bitsets in {@code issue_list_bits} too: {@code due} (the UTC day of the SLA due time,
 * or {@code none} without a running clock) and {@code act} (the UTC day of the last event). Their days in use are
 * listed in a directory per field: {@code <cid>|<field>Days|<block>|0}, a bitset of the days in use of a block of
 * {@value #DAYS_PER_BLOCK} days (64 bytes at most), and {@code <cid>|<field>Blocks||0}, a bitset of the blocks in use
 * (a few bytes per century); and fields {@code dueHours} and {@code actHours}, the same times by the hour (no
 * {@code none}). A query in such an order reads the directory (two round trips, a few {@code _id}s), then walks the
 * days in order, several per round trip, counting the skipped ones; of a day on the page with more than
 * {@value #HOURS_OVER} matching issues it reads the 24 hour bitsets (one round trip) and walks those alike; then it
 * reads only the matching rows of the days or hours on the page, to order them exactly (ties newest first). The
 * {@code none} bucket comes last, newest first from its bits. A page of 50 thus costs the filter bitsets, the
 * directory, the bitsets of one or a few days (and hours) and their matching rows. Every event changes the row (its
 * {@code act} time) and, when a sort time moves to another day or hour, one bit in two bitsets of that field, plus the
 * directory when a day becomes used (a bit set) or its bucket empty (checked on its chunk documents; a bit cleared):
 * every document an event writes is of a bounded size. A bitset document is stored as its bits ({@code bits}) or, when
 * smaller, as its set positions, two bytes each ({@code ns}): a day's or an hour's few issues have high numbers.
 * A query intersects the bitsets of its filters (a few {@code _id}s), walks the result newest first to the page,
 * and fetches just that page's rows by {@code _id}. A free-text filter of three code points or more first keeps
 * the candidates having every trigram of the text (its trigram documents, read only for the chunks that still
 * have candidates, a few trigrams per round trip), then reads the text of the remaining candidates to keep those
 * that contain it: having every trigram is not containing the text, except for a text of exactly one trigram.
 * A shorter free text reads the text of every candidate. Either way the match is the case-insensitive substring
 * match of {@link IssueFilter}. An event changes the issue's row and, for a field whose value changed, one bit in
 * two bitsets; raising an issue also sets its bit in one trigram document per distinct trigram of its text,
 * and correcting its title or description moves its bit to the new text's trigrams; set and clear are idempotent, so
 * a redelivery changes nothing. A restricted issue's bits in field {@code visible} are the keys that open it
 * ({@link org.concordia.kernel.issue.query.Viewer#keysOf}); a query with a viewer keeps the issues set in any of the
 * viewer's keys.
 */
public final class IssueListPages {

    static final int CHUNK = 1 << 16;
    static final int TEXT_CHUNK = 256;
    static final int GRAM_CHUNK = 1 << 12;
    /** Trigrams read per round trip of a free-text query; a round only reads chunks that still have candidates. */
    static final int GRAMS_PER_ROUND = 6;
    /** At most this many of a long text's trigrams narrow the candidates; the text check does the rest. */
    static final int MAX_QUERY_GRAMS = 36;
    public static final String ROWS = "issue_list_rows";
    public static final String BITS = "issue_list_bits";
    public static final String TEXT = "issue_list_text";
    public static final String GRAMS = "issue_list_grams";
    public static final String META = "issue_list_meta";
    /** The bucketed sort fields: the day of the SLA due time, the day of the last event. */
    static final String DUE = "due";
    static final String ACTIVITY = "act";
    /** The bucket of the issues without a time (no running SLA clock): walked last, newest first. */
    static final String NO_TIME = "none";
    /** The suffix of a sort field's hour buckets: read for a day on the page with more than {@value #HOURS_OVER}. */
    static final String HOURS = "Hours";
    static final int HOURS_OVER = 64;
    /** Days per document of a sort field's directory of days in use. */
    static final int DAYS_PER_BLOCK = 512;
    /** Days later than this (year 4840) share its bucket; the order within a bucket is exact anyway. */
    static final long MAX_DAY = 1 << 20;
    /** Buckets read per round trip of an ordered walk: the first round, doubling up to the last. */
    static final int FIRST_BUCKETS = 8;
    static final int MAX_BUCKETS = 128;

    /**
     * The filterable values of an issue: what its bits are set for. {@code visible}: the keys that open it to a
     * viewer ({@code public} unless restricted); {@code text}: its search text, indexed again when corrected.
     */
    record Keys(String status, String tier, String severity, String category, Set<String> parties,
                Set<String> visible, String text, String due, String activity, String dueHour, String activityHour) {
        static Keys of(IssueState s) {
            return s == null ? null : new Keys(s.status.name(), String.valueOf(s.tier.level()), s.severity.name(),
                    s.category.name(), Set.copyOf(s.involvedParties), Set.copyOf(s.visibility()),
                    searchText(s.title, s.description), bucket(s.slaDueAt()), bucket(s.updatedAt),
                    hour(s.slaDueAt()), hour(s.updatedAt));
        }

        Map<String, Set<String>> byField() {
            Map<String, Set<String>> values = new TreeMap<>();
            values.put("all", Set.of(""));
            values.put("status", Set.of(status));
            values.put("tier", Set.of(tier));
            values.put("severity", Set.of(severity));
            values.put("category", Set.of(category));
            values.put("party", parties);
            values.put("visible", visible);
            values.put(DUE, Set.of(due));
            values.put(ACTIVITY, Set.of(activity));
            values.put(DUE + HOURS, dueHour == null ? Set.of() : Set.of(dueHour));
            values.put(ACTIVITY + HOURS, activityHour == null ? Set.of() : Set.of(activityHour));
            return values;
        }
    }

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

    private final MongoCollection<Document> rows;
    private final MongoCollection<Document> bits;
    private final MongoCollection<Document> text;
    private final MongoCollection<Document> grams;
    private final MongoCollection<Document> meta;
    private final WriteBatch.Documents<Document> rowDocuments;
    private final WriteBatch.Documents<Bits> bitDocuments;
    private final WriteBatch.Documents<Document> textDocuments;
    private final WriteBatch.Documents<Bits> gramDocuments;
    private final WriteBatch.Documents<Document> metaDocuments;
    private final SearchTextCache searchTexts;

    public IssueListPages(MongoDatabase db) {
        this(new WriteBatch(), db);
    }

    /** For queries: free text reads through a node-local cache of the text documents holding up to {@code cachedChars}. */
    public IssueListPages(MongoDatabase db, long cachedChars) {
        this(new WriteBatch(), db, new SearchTextCache(cachedChars));
    }

    IssueListPages(WriteBatch batch, MongoDatabase db) {
        this(batch, db, new SearchTextCache(0));
    }

    private IssueListPages(WriteBatch batch, MongoDatabase db, SearchTextCache searchTexts) {
        this.searchTexts = searchTexts;
        this.rows = db.getCollection(ROWS);
        this.bits = db.getCollection(BITS);
        this.text = db.getCollection(TEXT);
        this.grams = db.getCollection(GRAMS);
        this.meta = db.getCollection(META);
        this.rowDocuments = batch.collection(rows, d -> d, d -> d);
        this.bitDocuments = batch.collection(bits, Bits::decode, Bits::encode);
        this.textDocuments = batch.collection(text, d -> d, d -> d);
        // per-issue facts, idempotent bits: before the meta document, which makes a new number visible to queries
        this.gramDocuments = batch.collection(grams, Bits::decode, Bits::encode);
        this.metaDocuments = batch.collection(meta, d -> d, d -> d);
    }

    static String rowId(String collaborationId, long number) {
        return collaborationId + "|" + number;
    }

    static String bitsId(String collaborationId, String field, String value, long chunk) {
        return collaborationId + "|" + field + "|" + value + "|" + chunk;
    }

    /** The bucket of a sort time: its UTC day since the epoch (clamped to 0..{@value #MAX_DAY}), or none. */
    static String bucket(Instant at) {
        return at == null ? NO_TIME : String.valueOf(Math.min(MAX_DAY, Math.max(0, Math.floorDiv(at.getEpochSecond(),
                86_400L))));
    }

    /** The hour bucket of a sort time (within its day's bucket, clamped alike), or null without a time. */
    static String hour(Instant at) {
        return at == null ? null : String.valueOf(Math.min((MAX_DAY + 1) * 24 - 1, Math.max(0, Math.floorDiv(
                at.getEpochSecond(), 3_600L))));
    }

    /** The directory document of a sort field's days in use in one block of {@value #DAYS_PER_BLOCK} days. */
    static String daysId(String collaborationId, String field, long block) {
        return bitsId(collaborationId, field + "Days", String.valueOf(block), 0);
    }

    /** The directory document of a sort field's blocks in use. */
    static String blocksId(String collaborationId, String field) {
        return bitsId(collaborationId, field + "Blocks", "", 0);
    }

    static String textId(String collaborationId, long number) {
        return collaborationId + "|" + number / TEXT_CHUNK;
    }

    static String gramId(String collaborationId, String gram, long gramChunk) {
        return collaborationId + "|" + gram + "|" + gramChunk;
    }

    /** Writes an issue as it stands, without its events: for loading a list at scale (the benchmark). */
    public void load(IssueState s) {
        write(null, s);
    }

    /** Records the issue after an event; {@code before} are its keys before the event (null if it is new). */
    void write(Keys before, IssueState s) {
        rowDocuments.put(rowId(s.collaborationId, s.number), row(s.toSummary())
                .append("_id", rowId(s.collaborationId, s.number)));
        Keys after = Keys.of(s);
        if (!after.equals(before)) {
            Map<String, Set<String>> old = before == null ? Map.of() : before.byField();
            Map<String, Set<String>> now = after.byField();
            long chunk = s.number / CHUNK;
            int bit = (int) (s.number % CHUNK);
            for (String field : now.keySet()) {
                Set<String> was = old.getOrDefault(field, Set.of());
                Set<String> is = now.get(field);
                for (String value : was) {
                    if (!is.contains(value)) {
                        changeBit(bitsId(s.collaborationId, field, value, chunk), bit, false);
                        if (isDay(field, value)) {
                            leaveDirectory(s, field, Long.parseLong(value));
                        }
                    }
                }
                for (String value : is) {
                    if (!was.contains(value)) {
                        changeBit(bitsId(s.collaborationId, field, value, chunk), bit, true);
                        if (isDay(field, value)) {
                            enterDirectory(s.collaborationId, field, Long.parseLong(value));
                        }
                    }
                }
            }
        }
        if (before != null && !after.text().equals(before.text())) {
            // title or description corrected: the text and its trigrams are indexed again
            if (writeText(s, after.text())) {
                countRewrite(s);
            }
            unindexGrams(s, before.text(), after.text());
            indexGrams(s);
        }
        if (before == null) {
            boolean written = writeText(s, after.text());
            indexGrams(s);
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

    private static boolean isDay(String field, String value) {
        return (field.equals(DUE) || field.equals(ACTIVITY)) && !value.equals(NO_TIME);
    }

    /** Lists the day (a bucket now holding an issue) in the sort field's directory; idempotent. */
    private void enterDirectory(String cid, String field, long day) {
        changeBit(daysId(cid, field, day / DAYS_PER_BLOCK), (int) (day % DAYS_PER_BLOCK), true);
        changeBit(blocksId(cid, field), (int) (day / DAYS_PER_BLOCK), true);
    }

    /**
     * Unlists the day when its bucket holds no issue any more (its documents for every chunk, a few), so that a
     * walk does not read the buckets the issues have moved out of; idempotent.
     */
    private void leaveDirectory(IssueState s, String field, long day) {
        Document m = metaDocuments.find(s.collaborationId);
        long chunks = Math.max(m == null ? 0 : m.getLong("maxNumber"), s.number) / CHUNK + 1;
        List<String> ids = new ArrayList<>();
        for (long c = 0; c < chunks; c++) {
            ids.add(bitsId(s.collaborationId, field, String.valueOf(day), c));
        }
        if (bitDocuments.findAll(ids).values().stream().allMatch(b -> b.bits().isEmpty())) {
            String daysId = daysId(s.collaborationId, field, day / DAYS_PER_BLOCK);
            changeBit(daysId, (int) (day % DAYS_PER_BLOCK), false);
            Bits inBlock = bitDocuments.find(daysId);
            if (inBlock == null || inBlock.bits().isEmpty()) {
                changeBit(blocksId(s.collaborationId, field), (int) (day / DAYS_PER_BLOCK), false);
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

    /** Clears the issue's bit in the documents of the trigrams its old text had and its new text has not. */
    private void unindexGrams(IssueState s, String oldText, String newText) {
        long chunk = s.number / GRAM_CHUNK;
        int bit = (int) (s.number % GRAM_CHUNK);
        Set<String> gone = new LinkedHashSet<>(trigrams(oldText));
        gone.removeAll(trigrams(newText));
        List<String> ids = gone.stream().map(gram -> gramId(s.collaborationId, gram, chunk)).toList();
        gramDocuments.findAll(ids).forEach((id, b) -> {
            if (b.bits().get(bit)) {
                b.bits().clear(bit);
                gramDocuments.put(id, b);
            }
        });
    }

    private void changeBit(String id, int bit, boolean value) {
        Bits doc = bitDocuments.find(id);
        Bits b = doc != null ? doc : new Bits(id, new BitSet());
        if (b.bits().get(bit) != value) {
            b.bits().set(bit, value);
            bitDocuments.put(id, b);
        }
    }

    /** Sets the issue's bit in the document of each trigram of its text (idempotent: a redelivery sets it again). */
    private void indexGrams(IssueState s) {
        long chunk = s.number / GRAM_CHUNK;
        int bit = (int) (s.number % GRAM_CHUNK);
        List<String> ids = new ArrayList<>();
        for (String gram : trigrams(searchText(s.title, s.description))) {
            ids.add(gramId(s.collaborationId, gram, chunk));
        }
        Map<String, Bits> found = gramDocuments.findAll(ids);
        for (String id : ids) {
            Bits b = found.get(id);
            if (b == null) {
                b = new Bits(id, new BitSet());
            }
            if (!b.bits().get(bit)) {
                b.bits().set(bit);
                gramDocuments.put(id, b);
            }
        }
    }

    void clear() {
        rows.deleteMany(new Document());
        bits.deleteMany(new Document());
        text.deleteMany(new Document());
        grams.deleteMany(new Document());
        meta.deleteMany(new Document());
    }

    public IssuePage find(FindIssues q) {
        String cid = q.collaborationId();
        Document m = meta.find(Filters.eq("_id", cid)).first();
        if (m == null) {
            return new IssuePage(List.of(), q.page(), q.size(), 0);
        }
        long chunks = m.getLong("maxNumber") / CHUNK + 1;
        long gramsFrom = gramsFrom(m);
        Map<String, String> filters = new TreeMap<>();
        filters.put("all", "");
        putIfSet(filters, "status", q.status() == null ? null : q.status().name());
        putIfSet(filters, "tier", q.tier() == null ? null : String.valueOf(q.tier()));
        putIfSet(filters, "severity", q.severity() == null ? null : q.severity().name());
        putIfSet(filters, "category", q.category() == null ? null : q.category().name());
        putIfSet(filters, "party", q.party());
        Set<String> viewerKeys = q.viewer() == null ? null : q.viewer().keys();
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
        Map<String, BitSet> found = new HashMap<>();
        for (Document doc : bits.find(Filters.in("_id", ids))) {
            found.put(doc.getString("_id"), Bits.decode(doc).bits());
        }
        // per chunk: the numbers matching every field filter
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
        if (q.text() != null && !q.text().isBlank()) {
            String needle = q.text().toLowerCase(Locale.ROOT);
            List<String> needleGrams = queryTrigrams(needle);
            if (needleGrams == null) {
                keepText(cid, needle, matching, m); // shorter than a trigram: scan the candidates' text
            } else {
                // issues listed before the trigram index existed (an upgraded data directory) are only text-checked
                List<BitSet> unindexed = new ArrayList<>();
                boolean anyUnindexed = false;
                for (int c = 0; c < matching.size(); c++) {
                    long end = Math.min(CHUNK, Math.max(0, gramsFrom - (long) c * CHUNK));
                    unindexed.add(matching.get(c).get(0, (int) end));
                    anyUnindexed |= !unindexed.get(c).isEmpty();
                }
                keepGrams(cid, needleGrams, matching);
                for (int c = 0; c < matching.size(); c++) {
                    matching.get(c).or(unindexed.get(c));
                }
                if (anyUnindexed || !isOneTrigram(needle)) {
                    keepText(cid, needle, matching, m); // having every trigram is not yet containing the text
                }
            }
        }
        long total = matching.stream().mapToLong(BitSet::cardinality).sum();
        long skip = (long) q.page() * q.size();
        if (q.order() == IssueOrder.DUE || q.order() == IssueOrder.ACTIVITY) {
            return new IssuePage(walkBuckets(cid, q.order(), matching, skip, q.size()), q.page(), q.size(), total);
        }
        List<Long> numbers = new ArrayList<>(q.size());
        switch (q.order()) {
            case OLDEST -> walk(matching, false, skip, q.size(), numbers);
            case SEVERITY -> {
                // most severe first: the matching numbers of each severity in turn (its bitsets: a few _ids more)
                Severity[] severities = Severity.values();
                List<String> severityIds = new ArrayList<>();
                for (Severity severity : severities) {
                    for (long c = 0; c < chunks; c++) {
                        severityIds.add(bitsId(cid, "severity", severity.name(), c));
                    }
                }
                Map<String, BitSet> bySeverity = new HashMap<>();
                for (Document doc : bits.find(Filters.in("_id", severityIds))) {
                    bySeverity.put(doc.getString("_id"), Bits.decode(doc).bits());
                }
                for (int i = severities.length - 1; i >= 0 && numbers.size() < q.size(); i--) {
                    List<BitSet> ofSeverity = new ArrayList<>();
                    for (int c = 0; c < matching.size(); c++) {
                        BitSet b = (BitSet) matching.get(c).clone();
                        b.and(bySeverity.getOrDefault(bitsId(cid, "severity", severities[i].name(), c), new BitSet()));
                        ofSeverity.add(b);
                    }
                    skip = walk(ofSeverity, true, skip, q.size(), numbers);
                }
            }
            default -> walk(matching, true, skip, q.size(), numbers);
        }
        return new IssuePage(summaries(cid, numbers), q.page(), q.size(), total);
    }

    /** The rows of {@code numbers}, in that order (a row not yet written is left out). */
    private List<IssueSummary> summaries(String cid, List<Long> numbers) {
        Map<Long, IssueSummary> byNumber = new HashMap<>();
        for (int from = 0; from < numbers.size(); from += 1000) {
            List<String> ids = numbers.subList(from, Math.min(from + 1000, numbers.size())).stream()
                    .map(n -> rowId(cid, n)).toList();
            for (Document row : rows.find(Filters.in("_id", ids))) {
                IssueSummary s = summary(row);
                byNumber.put(s.number(), s);
            }
        }
        return numbers.stream().map(byNumber::get).filter(Objects::nonNull).toList();
    }

    /**
     * The page of {@code matching} in a bucketed order (soonest due first, or latest activity first): the buckets
     * (days) in use, from the sort field's directory, in that order and then the bucket without a time, several buckets
     * per round trip (their bitsets, then the rows on the page: two commands a round). A bucket whose matching issues
     * are all skipped is only counted; of the others the matching rows are read and sorted exactly
     * ({@link IssueFilter#order}); in the bucket without a time the order is newest first, which the bits give: only
     * the page's rows of it are read.
     */
    private List<IssueSummary> walkBuckets(String cid, IssueOrder order, List<BitSet> matching, long skip, int size) {
        String field = order == IssueOrder.DUE ? DUE : ACTIVITY;
        List<String> buckets = new ArrayList<>();
        directory(cid, field, order == IssueOrder.DUE).forEach(day -> buckets.add(String.valueOf(day)));
        buckets.add(NO_TIME);
        Comparator<IssueSummary> exact = IssueFilter.order(order);
        List<IssueSummary> items = new ArrayList<>(size);
        long wanted = size;
        int round = FIRST_BUCKETS;
        for (int from = 0; from < buckets.size() && wanted > 0; from += round, round = Math.min(
                MAX_BUCKETS, round * 2)) {
            List<String> these = buckets.subList(from, Math.min(from + round, buckets.size()));
            List<String> ids = new ArrayList<>();
            for (String bucket : these) {
                for (int c = 0; c < matching.size(); c++) {
                    ids.add(bitsId(cid, field, bucket, c));
                }
            }
            Map<String, BitSet> found = new HashMap<>();
            for (Document doc : bits.find(Filters.in("_id", ids))) {
                found.put(doc.getString("_id"), Bits.decode(doc).bits());
            }
            List<Slice> onPage = new ArrayList<>(); // the buckets (or hours) of this round on the page
            for (String bucket : these) {
                if (wanted <= 0) {
                    break;
                }
                List<BitSet> inBucket = new ArrayList<>(matching.size());
                for (int c = 0; c < matching.size(); c++) {
                    BitSet b = (BitSet) matching.get(c).clone();
                    b.and(found.getOrDefault(bitsId(cid, field, bucket, c), new BitSet()));
                    inBucket.add(b);
                }
                long count = inBucket.stream().mapToLong(BitSet::cardinality).sum();
                if (skip >= count) {
                    skip -= count;
                    continue;
                }
                long take = Math.min(count - skip, wanted);
                if (bucket.equals(NO_TIME)) {
                    List<Long> numbers = new ArrayList<>();
                    walk(inBucket, true, skip, (int) take, numbers); // newest first: the bits' own order
                    onPage.add(new Slice(numbers, 0, take, false));
                } else {
                    List<List<BitSet>> parts = count > HOURS_OVER ? hours(cid, field, Long.parseLong(bucket),
                            order == IssueOrder.DUE, inBucket, count) : List.of(inBucket);
                    long partSkip = skip;
                    long partWanted = take;
                    for (List<BitSet> part : parts) {
                        long inPart = part.stream().mapToLong(BitSet::cardinality).sum();
                        if (partWanted <= 0) {
                            break;
                        }
                        if (partSkip >= inPart) {
                            partSkip -= inPart;
                            continue;
                        }
                        List<Long> numbers = new ArrayList<>();
                        walk(part, true, 0, Integer.MAX_VALUE, numbers); // all of them, to order them exactly
                        long partTake = Math.min(inPart - partSkip, partWanted);
                        onPage.add(new Slice(numbers, partSkip, partTake, true));
                        partWanted -= partTake;
                        partSkip = 0;
                    }
                }
                wanted -= take;
                skip = 0;
            }
            Map<Long, IssueSummary> byNumber = new HashMap<>();
            summaries(cid, onPage.stream().flatMap(slice -> slice.numbers().stream()).toList())
                    .forEach(s -> byNumber.put(s.number(), s));
            for (Slice slice : onPage) {
                List<IssueSummary> sliceRows = slice.numbers().stream().map(byNumber::get).filter(Objects::nonNull)
                        .sorted(slice.exact() ? exact : IssueFilter.order(IssueOrder.NEWEST)).toList();
                int first = (int) Math.min(slice.skip(), sliceRows.size());
                items.addAll(sliceRows.subList(first, (int) Math.min(sliceRows.size(), first + slice.take())));
            }
        }
        return items;
    }

    /**
     * Issues of one bucket (or hour) on the page: after ordering them ({@code exact}: by their rows; else newest
     * first), skip {@code skip} and take {@code take}.
     */
    private record Slice(List<Long> numbers, long skip, long take, boolean exact) {
    }

    /**
     * A dense day's matching issues split by hour, in the order of the walk (one round trip: the day's 24 hour
     * bitsets of each chunk); the day whole if its hours do not hold them all (a crash between the writes).
     */
    private List<List<BitSet>> hours(String cid, String field, long day, boolean ascending, List<BitSet> inDay,
                                     long count) {
        List<String> ids = new ArrayList<>();
        for (long h = day * 24; h < day * 24 + 24; h++) {
            for (int c = 0; c < inDay.size(); c++) {
                ids.add(bitsId(cid, field + HOURS, String.valueOf(h), c));
            }
        }
        Map<String, BitSet> found = new HashMap<>();
        for (Document doc : bits.find(Filters.in("_id", ids))) {
            found.put(doc.getString("_id"), Bits.decode(doc).bits());
        }
        List<List<BitSet>> parts = new ArrayList<>();
        long inHours = 0;
        for (int k = 0; k < 24; k++) {
            long h = day * 24 + (ascending ? k : 23 - k);
            List<BitSet> part = new ArrayList<>(inDay.size());
            for (int c = 0; c < inDay.size(); c++) {
                BitSet b = (BitSet) inDay.get(c).clone();
                b.and(found.getOrDefault(bitsId(cid, field + HOURS, String.valueOf(h), c), new BitSet()));
                part.add(b);
                inHours += b.cardinality();
            }
            parts.add(part);
        }
        return inHours == count ? parts : List.of(inDay);
    }

    /** The days a sort field has issues in, per its directory (two round trips): ascending, or descending. */
    private List<Long> directory(String cid, String field, boolean ascending) {
        Document blocksDoc = bits.find(Filters.eq("_id", blocksId(cid, field))).first();
        if (blocksDoc == null) {
            return List.of();
        }
        BitSet blocks = Bits.decode(blocksDoc).bits();
        Map<String, Long> blockOf = new HashMap<>();
        for (int b = blocks.nextSetBit(0); b >= 0; b = blocks.nextSetBit(b + 1)) {
            blockOf.put(daysId(cid, field, b), (long) b);
        }
        TreeSet<Long> days = new TreeSet<>();
        for (Document doc : bits.find(Filters.in("_id", List.copyOf(blockOf.keySet())))) {
            long block = blockOf.get(doc.getString("_id"));
            BitSet inBlock = Bits.decode(doc).bits();
            for (int d = inBlock.nextSetBit(0); d >= 0; d = inBlock.nextSetBit(d + 1)) {
                days.add(block * DAYS_PER_BLOCK + d);
            }
        }
        return new ArrayList<>(ascending ? days : days.descendingSet());
    }

    /**
     * Adds to {@code numbers} (up to {@code size}) the set numbers of {@code chunks}, highest first when
     * {@code descending}, after skipping {@code skip} of them; returns what is left to skip.
     */
    private static long walk(List<BitSet> chunks, boolean descending, long skip, int size, List<Long> numbers) {
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

    /** The first issue number the trigram index has: 0, or one past the list written before the index existed. */
    private static long gramsFrom(Document meta) {
        return meta.containsKey("gramsFrom") ? meta.getLong("gramsFrom") : meta.getLong("maxNumber") + 1;
    }

    private static void putIfSet(Map<String, String> filters, String field, String value) {
        if (value != null) {
            filters.put(field, value);
        }
    }

    /**
     * Clears the candidates that lack one of {@code needleGrams} (a few trigrams per round trip, each round only
     * for the {@value #GRAM_CHUNK}-number chunks that still have candidates).
     */
    private void keepGrams(String cid, List<String> needleGrams, List<BitSet> matching) {
        int perChunk = CHUNK / GRAM_CHUNK;
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
                for (Document doc : grams.find(Filters.in("_id", ids.subList(i, Math.min(i + 1000, ids.size()))))) {
                    found.put(doc.getString("_id"), Bits.decode(doc).bits());
                }
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
                long number = (long) c * CHUNK + bit;
                candidatesByText.computeIfAbsent(number / TEXT_CHUNK, k -> new ArrayList<>()).add(number);
            }
        }
        // the collection's own name: a replay writes a new generation, whose documents are never taken for the old
        String list = text.getNamespace().getFullName() + "|";
        long maxNumber = meta.getLong("maxNumber");
        Document rewrites = meta.get("rewrites", new Document());
        Map<Long, Map<Long, String>> texts = new HashMap<>();
        Map<String, Long> toRead = new java.util.LinkedHashMap<>();
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
                    matching.get((int) (number / CHUNK)).clear((int) (number % CHUNK));
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

    /** The distinct trigrams (three code points) of {@code text}, in order of first occurrence. */
    public static Set<String> trigrams(String text) {
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
    private static boolean isOneTrigram(String needle) {
        return needle.codePointCount(0, needle.length()) == 3
                && needle.chars().noneMatch(ch -> Character.isSurrogate((char) ch) || ch == '?' || ch == '\uFFFD');
    }

    public static String searchText(String title, String description) {
        return (title + "\n" + (description == null ? "" : description)).toLowerCase(Locale.ROOT);
    }

    /** An issue's row as the list stores it. */
    public static Document row(IssueSummary s) {
        return new Document("id", s.id()).append("key", s.key()).append("n", s.number())
                .append("type", s.type().name()).append("title", s.title()).append("cat", s.category().name())
                .append("sev", s.severity().name()).append("st", s.status().name()).append("tier", s.tier())
                .append("owner", s.owner()).append("parties", new ArrayList<>(s.involvedParties()))
                .append("raisedAt", s.raisedAt().toString())
                .append("due", s.slaDueAt() == null ? null : s.slaDueAt().toString())
                .append("v", s.version()).append("restricted", s.restricted())
                .append("serious", s.seriousBreach())
                .append("act", s.lastActivityAt() == null ? null : s.lastActivityAt().toString());
    }

    /** The summary a stored row holds. */
    @SuppressWarnings("unchecked")
    public static IssueSummary summary(Document d) {
        String due = d.getString("due");
        String act = d.getString("act");
        return new IssueSummary(d.getString("id"), d.getString("key"), ((Number) d.get("n")).longValue(),
                IssueType.valueOf(d.getString("type")), d.getString("title"), IssueCategory.valueOf(d.getString("cat")),
                Severity.valueOf(d.getString("sev")), IssueStatus.valueOf(d.getString("st")), d.getInteger("tier"),
                d.getString("owner"), Set.copyOf((List<String>) d.get("parties")),
                Instant.parse(d.getString("raisedAt")), due == null ? null : Instant.parse(due),
                ((Number) d.get("v")).longValue(), Boolean.TRUE.equals(d.getBoolean("restricted")),
                Boolean.TRUE.equals(d.getBoolean("serious")), act == null ? null : Instant.parse(act));
    }
}
