package org.concordia.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.bson.Document;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.query.issue.IssueFilter;
import org.concordia.query.issue.IssueListPages;
import org.concordia.query.issue.IssueState;

/**
 * The issue list of a collaboration, laid out for {@code _id} lookups only (the embedded server has no other
 * index): issues are numbered per collaboration from 1, so number {@code n} lives in page {@code (n-1)/PAGE}.
 * <ul>
 *   <li>{@code issue_list} {@code {_id: "<cid>|<page>", rows: {"<n>": {summary fields}}}} — one row per issue,
 *       written with {@code $set rows.<n>} (only digits become field names);</li>
 *   <li>{@code issue_text} {@code {_id: "<cid>|<page>", text: {"<n>": lower-case title + description}}} — read
 *       only when a free-text filter is given;</li>
 *   <li>{@code issue_list_meta} {@code {_id: cid, maxNumber}} — raised with {@code $max}.</li>
 * </ul>
 * A query fetches the ⌈issues/PAGE⌉ row pages by {@code _id $in}, filters them in memory and sorts newest first.
 */
/** The issue list as it was before issue #4 (1,000-row pages filtered in memory), kept for comparison only. */
final class LegacyIssueList {

    public static final int PAGE = 1000;
    public static final String ROWS = "legacy_issue_list";
    public static final String TEXT = "legacy_issue_text";
    public static final String META = "legacy_issue_list_meta";

    private final MongoCollection<Document> rows;
    private final MongoCollection<Document> text;
    private final MongoCollection<Document> meta;

    LegacyIssueList(MongoDatabase db) {
        this.rows = db.getCollection(ROWS);
        this.text = db.getCollection(TEXT);
        this.meta = db.getCollection(META);
    }

    static String pageId(String collaborationId, long number) {
        return collaborationId + "|" + (number - 1) / PAGE;
    }

    /** Writes all rows at once, page by page (the projection wrote them with one $set per event). */
    void writeAll(java.util.Collection<IssueState> states) {
        Map<String, Document> rowPages = new java.util.TreeMap<>();
        Map<String, Document> textPages = new java.util.TreeMap<>();
        long max = 0;
        String cid = null;
        for (IssueState s : states) {
            String pageId = pageId(s.collaborationId, s.number);
            rowPages.computeIfAbsent(pageId, id -> new Document("_id", id).append("rows", new Document()))
                    .get("rows", Document.class).put(String.valueOf(s.number), IssueListPages.row(s.toSummary()));
            textPages.computeIfAbsent(pageId, id -> new Document("_id", id).append("text", new Document()))
                    .get("text", Document.class).put(String.valueOf(s.number), IssueListPages.searchText(s.title, s.description));
            max = Math.max(max, s.number);
            cid = s.collaborationId;
        }
        for (Document page : rowPages.values()) {
            rows.insertOne(page);
        }
        for (Document page : textPages.values()) {
            text.insertOne(page);
        }
        meta.insertOne(new Document("_id", cid).append("maxNumber", max));
    }

    void write(IssueState s) {
        UpdateOptions upsert = new UpdateOptions().upsert(true);
        String pageId = pageId(s.collaborationId, s.number);
        rows.updateOne(Filters.eq("_id", pageId), Updates.set("rows." + s.number, IssueListPages.row(s.toSummary())), upsert);
        text.updateOne(Filters.eq("_id", pageId), Updates.set("text." + s.number, IssueListPages.searchText(s.title, s.description)),
                upsert);
        meta.updateOne(Filters.eq("_id", s.collaborationId), Updates.max("maxNumber", s.number), upsert);
    }

    void clear() {
        rows.deleteMany(new Document());
        text.deleteMany(new Document());
        meta.deleteMany(new Document());
    }

    public IssuePage find(FindIssues q) {
        Document m = meta.find(Filters.eq("_id", q.collaborationId())).first();
        if (m == null) {
            return new IssuePage(List.of(), q.page(), q.size(), 0);
        }
        long pages = (m.getLong("maxNumber") - 1) / PAGE + 1;
        List<String> ids = LongStream.range(0, pages).mapToObj(p -> q.collaborationId() + "|" + p).toList();
        List<IssueSummary> candidates = new ArrayList<>();
        for (Document page : rows.find(Filters.in("_id", ids))) {
            Document r = page.get("rows", Document.class);
            for (Object value : r.values()) {
                IssueSummary s = IssueListPages.summary((Document) value);
                if (IssueFilter.matchesFields(q, s)) {
                    candidates.add(s);
                }
            }
        }
        if (q.text() != null && !q.text().isBlank()) {
            Set<String> textPages = new LinkedHashSet<>();
            candidates.forEach(s -> textPages.add(pageId(q.collaborationId(), s.number())));
            Map<Long, String> texts = new HashMap<>();
            for (Document page : text.find(Filters.in("_id", textPages))) {
                page.get("text", Document.class).forEach((n, t) -> texts.put(Long.parseLong(n), (String) t));
            }
            String needle = q.text().toLowerCase(Locale.ROOT);
            candidates.removeIf(s -> !texts.getOrDefault(s.number(), "").contains(needle));
        }
        return IssueFilter.page(q, candidates, Function.identity());
    }
}
