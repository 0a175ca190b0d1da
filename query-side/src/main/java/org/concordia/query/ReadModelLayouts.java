package org.concordia.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;

/**
 * The layout version of each projection's read model, kept in {@code projection_layouts} {@code {_id: group,
 * version}}. When a release changes how a projection stores its read model, its version goes up here, and a data
 * directory written by an older release must rebuild that projection once: {@link #claimOutdated} says which.
 * Projections not listed are at version 1.
 */
public final class ReadModelLayouts {

    public static final String COLLECTION = "projection_layouts";

    /**
     * Version 2 of issue-views: the list as rows + bitsets + text; of inboxes: per-(user, issue) items. Version 3 of
     * both, and 2 of decisions and issue-reports: decision rules, ballots, CAPA, restricted issues (issue 15).
     * Version 3 of issue-reports and 2 of collaborations: their as-of logs and snapshots (issue 14), which only a
     * replay writes for the past. Version 4 of issue-views: the list's sort fields by SLA due and by last activity,
     * bucketed by day, with their directories of days in use, and the last activity in each row (issue 14). Version 2
     * of audit-index: an issue's positions in pages of its sequence numbers instead of one growing list (issue 16).
     */
    public static final Map<String, Integer> CURRENT = Map.of(IssueViewProjection.GROUP, 4, InboxProjection.GROUP, 3,
            DecisionRegisterProjection.GROUP, 2, OpenConflictReportProjection.GROUP, 3,
            org.concordia.query.collaboration.CollaborationProjection.PROCESSING_GROUP, 2,
            AuditIndexProjection.GROUP, 2);

    private final MongoCollection<Document> layouts;

    public ReadModelLayouts(MongoDatabase db) {
        this.layouts = db.getCollection(COLLECTION);
    }

    public static int current(String group) {
        return CURRENT.getOrDefault(group, 1);
    }

    /**
     * The projections among {@code groups} whose stored read model is of an older layout, each claimed for this
     * caller (the stored version is raised with a compare-and-set, so of several nodes starting together one
     * rebuilds it). A data directory without any layout record is of the layouts before versioning (1) if it holds
     * events, and current if it does not (every projection builds from the first event anyway). The claim comes
     * before the rebuild: a process that dies between the two leaves the projection unrebuilt (replay it by hand).
     */
    public List<String> claimOutdated(List<String> groups, boolean storeHoldsEvents) {
        boolean recorded = layouts.find().first() != null;
        List<String> outdated = new ArrayList<>();
        for (String group : groups) {
            int current = current(group);
            Document stored = layouts.find(Filters.eq("_id", group)).first();
            // no record: a directory from before versioning, or a projection new in this release (built from scratch)
            int version = stored != null ? stored.getInteger("version")
                    : !recorded && storeHoldsEvents ? 1 : current;
            if (version >= current) {
                if (stored == null) {
                    layouts.updateOne(Filters.eq("_id", group), Updates.setOnInsert("version", current),
                            new UpdateOptions().upsert(true));
                }
                continue;
            }
            boolean claimed = stored == null
                    ? insertIfAbsent(group, current)
                    : layouts.updateOne(Filters.and(Filters.eq("_id", group), Filters.eq("version", version)),
                            Updates.set("version", current)).getModifiedCount() == 1;
            if (claimed) {
                outdated.add(group);
            }
        }
        return outdated;
    }

    private boolean insertIfAbsent(String group, int version) {
        try {
            layouts.insertOne(new Document("_id", group).append("version", version));
            return true;
        } catch (com.mongodb.MongoWriteException duplicate) {
            return false;
        }
    }
}
