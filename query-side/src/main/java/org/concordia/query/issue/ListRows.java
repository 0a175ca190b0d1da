package org.concordia.query.issue;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.query.support.WriteBatch;

/**
 * The issue list's rows ({@code issue_list_rows}): one small document per issue, {@code _id "<cid>|<number>"}, with
 * its summary fields; rewritten on every event of the issue, read by {@code _id} for the issues on a page.
 * The layout: docs/query-side-performance.md, "The issue list".
 */
final class ListRows {

    private final MongoCollection<Document> rows;
    private final WriteBatch.Documents<Document> rowDocuments;

    ListRows(WriteBatch batch, MongoDatabase db) {
        this.rows = db.getCollection(IssueListPages.ROWS);
        this.rowDocuments = batch.collection(rows, d -> d, d -> d);
    }

    static String rowId(String collaborationId, long number) {
        return collaborationId + "|" + number;
    }

    void write(IssueState s) {
        rowDocuments.put(rowId(s.collaborationId, s.number), row(s.toSummary())
                .append("_id", rowId(s.collaborationId, s.number)));
    }

    /** The rows of {@code numbers}, in that order (a row not yet written is left out). */
    List<IssueSummary> summaries(String cid, List<Long> numbers) {
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

    void clear() {
        rows.deleteMany(new Document());
    }

    /** An issue's row as the list stores it. */
    static Document row(IssueSummary s) {
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
    static IssueSummary summary(Document d) {
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
