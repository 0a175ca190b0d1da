package org.concordia.query.issue;

import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bson.Document;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list of a collaboration, laid out for {@code _id} lookups only and for filters that stay fast with
 * 100,000 issues: rows ({@link ListRows}), a bitset per filter value ({@link ListBits}), the orders by SLA due and
 * last activity ({@link ListSorts}) and free text ({@link ListText}). Issues are numbered per collaboration from 1.
 * The layout, what a query reads and what an event writes: docs/query-side-performance.md, "The issue list".
 */
public final class IssueListPages {

    public static final String ROWS = "issue_list_rows";
    public static final String BITS = "issue_list_bits";
    public static final String TEXT = "issue_list_text";
    public static final String GRAMS = "issue_list_grams";
    public static final String META = "issue_list_meta";

    /**
     * The filterable values of an issue: what its bits are set for. {@code visible}: the keys that open it to a
     * viewer ({@code public} unless restricted); {@code text}: its search text, indexed again when corrected.
     */
    record Keys(String status, String tier, String severity, String category, Set<String> parties,
                Set<String> visible, String text, String due, String activity, String dueHour, String activityHour) {
        static Keys of(IssueState s) {
            return s == null ? null : new Keys(s.status.name(), String.valueOf(s.tier.level()), s.severity.name(),
                    s.category.name(), Set.copyOf(s.involvedParties), Set.copyOf(s.visibility()),
                    searchText(s.title, s.description), ListSorts.bucket(s.slaDueAt()), ListSorts.bucket(s.updatedAt),
                    ListSorts.hour(s.slaDueAt()), ListSorts.hour(s.updatedAt));
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
            values.put(ListSorts.DUE, Set.of(due));
            values.put(ListSorts.ACTIVITY, Set.of(activity));
            values.put(ListSorts.DUE + ListSorts.HOURS, dueHour == null ? Set.of() : Set.of(dueHour));
            values.put(ListSorts.ACTIVITY + ListSorts.HOURS, activityHour == null ? Set.of() : Set.of(activityHour));
            return values;
        }
    }

    private final ListRows rows;
    private final ListBits bits;
    private final ListText text;
    private final ListSorts sorts;

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
        // the batch writes the collections in this order: rows, bits, text, grams, meta (see ListText)
        this.rows = new ListRows(batch, db);
        this.bits = new ListBits(batch, db);
        this.text = new ListText(batch, db, searchTexts);
        this.sorts = new ListSorts(bits, rows, text::maxNumber);
    }

    /** Writes an issue as it stands, without its events: for loading a list at scale (the benchmark). */
    public void load(IssueState s) {
        write(null, s);
    }

    /** Records the issue after an event; {@code before} are its keys before the event (null if it is new). */
    void write(Keys before, IssueState s) {
        rows.write(s);
        Keys after = Keys.of(s);
        if (!after.equals(before)) {
            bits.update(s.collaborationId, s.number, before == null ? Map.of() : before.byField(), after.byField(),
                    (field, value, entered) -> sorts.moved(s.collaborationId, s.number, field, value, entered));
        }
        text.write(before == null ? null : before.text(), s, after.text());
    }

    /** The sort buckets an event will most likely change ({@link ListSorts#bucketIds}), for a batch to read at once. */
    List<String> sortBucketIds(String cid, long number, IssueState before, Instant at) {
        return sorts.bucketIds(cid, number, Keys.of(before), at);
    }

    /** The bitset documents, for {@link WriteBatch#prefetchAll}. */
    WriteBatch.Documents<ListBits.Bits> bitDocuments() {
        return bits.documents();
    }

    void clear() {
        rows.clear();
        bits.clear();
        text.clear();
    }

    public IssuePage find(FindIssues q) {
        String cid = q.collaborationId();
        Document m = text.meta(cid);
        if (m == null) {
            return new IssuePage(List.of(), q.page(), q.size(), 0);
        }
        long chunks = m.getLong("maxNumber") / ListBits.CHUNK + 1;
        Map<String, String> filters = new TreeMap<>();
        filters.put("all", "");
        putIfSet(filters, "status", q.status() == null ? null : q.status().name());
        putIfSet(filters, "tier", q.tier() == null ? null : String.valueOf(q.tier()));
        putIfSet(filters, "severity", q.severity() == null ? null : q.severity().name());
        putIfSet(filters, "category", q.category() == null ? null : q.category().name());
        putIfSet(filters, "party", q.party());
        // per chunk: the numbers matching every field filter
        List<BitSet> matching = bits.matching(cid, chunks, filters, q.viewer() == null ? null : q.viewer().keys());
        if (q.text() != null && !q.text().isBlank()) {
            text.keep(cid, q.text().toLowerCase(Locale.ROOT), matching, m);
        }
        long total = ListBits.count(matching);
        long skip = (long) q.page() * q.size();
        return new IssuePage(sorts.page(cid, q.order(), matching, skip, q.size()), q.page(), q.size(), total);
    }

    private static void putIfSet(Map<String, String> filters, String field, String value) {
        if (value != null) {
            filters.put(field, value);
        }
    }

    /** The distinct trigrams (three code points) of {@code text}, in order of first occurrence. */
    public static Set<String> trigrams(String text) {
        return ListGrams.trigrams(text);
    }

    public static String searchText(String title, String description) {
        return (title + "\n" + (description == null ? "" : description)).toLowerCase(Locale.ROOT);
    }

    /** An issue's row as the list stores it. */
    public static Document row(IssueSummary s) {
        return ListRows.row(s);
    }

    /** The summary a stored row holds. */
    public static IssueSummary summary(Document d) {
        return ListRows.summary(d);
    }
}
