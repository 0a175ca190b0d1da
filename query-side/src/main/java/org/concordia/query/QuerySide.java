package org.concordia.query;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.audit.EventLog;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueListPages;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;
import org.concordia.query.support.CollaborationSequencingPolicy;

/**
 * What infra registers. For each projection: a tracking (streaming) event processor named by its
 * {@code @ProcessingGroup}, with {@link #sequencingPolicy()} (events of a collaboration in position order), an
 * error handler that stops the segment (projections throw, never skip), replay allowed (every projection has a
 * {@code @ResetHandler}). Plus the query handlers, an {@link EventLog} on the event store, and
 * {@link #ensureIndexes} once at start.
 */
public final class QuerySide {

    private final IssueViewProjection issueViews;
    private final OpenConflictReportProjection reports;
    private final DecisionRegisterProjection decisions;
    private final InboxProjection inboxes;
    private final AuditIndexProjection auditIndex;
    private final AuditTrail auditTrail;
    private final ReadModelQueryHandlers queryHandlers;
    private final MongoDatabase db;

    public QuerySide(MongoDatabase db, EventLog eventLog) {
        this.db = db;
        this.issueViews = new IssueViewProjection(db);
        this.reports = new OpenConflictReportProjection(db);
        this.decisions = new DecisionRegisterProjection(db);
        this.inboxes = new InboxProjection(db);
        this.auditIndex = new AuditIndexProjection(db);
        this.auditTrail = new AuditTrail(auditIndex, eventLog);
        this.queryHandlers = new ReadModelQueryHandlers(issueViews, new IssueListPages(db), reports, decisions,
                inboxes, auditTrail);
    }

    /** The event handlers: register each with its own tracking processor (name = processing group). */
    public List<Object> projections() {
        return List.of(issueViews, reports, decisions, inboxes, auditIndex);
    }

    /** Processing group name → projection. */
    public Map<String, Object> projectionsByGroup() {
        return Map.of(IssueViewProjection.GROUP, issueViews, OpenConflictReportProjection.GROUP, reports,
                DecisionRegisterProjection.GROUP, decisions, InboxProjection.GROUP, inboxes,
                AuditIndexProjection.GROUP, auditIndex);
    }

    public List<Object> queryHandlers() {
        return List.of(queryHandlers);
    }

    /** For the HTTP layer's CSV/JSON export (streams; not through the query bus). */
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /** Register for every processing group above. */
    public static SequencingPolicy<EventMessage<?>> sequencingPolicy() {
        return CollaborationSequencingPolicy.INSTANCE;
    }

    /** Events per tracking batch: the projections write once per batch, so a rebuild wants large batches. */
    public static final int BATCH_SIZE = 500;

    /** Register for every processing group above: one thread, one segment, {@link #BATCH_SIZE} events a batch. */
    public static TrackingEventProcessorConfiguration processorConfiguration() {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE);
    }

    /**
     * Register on the processing group {@code group}: reads what a batch needs at its start and writes the batch's
     * read-model changes when its last event has been handled, before the processor stores its token (see
     * {@link WriteBatch}).
     */
    public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor(String group) {
        return switch (group) {
            case IssueViewProjection.GROUP -> issueViews.writeBatch().interceptor();
            case OpenConflictReportProjection.GROUP -> reports.writeBatch().interceptor();
            case DecisionRegisterProjection.GROUP -> decisions.writeBatch().interceptor();
            case InboxProjection.GROUP -> inboxes.writeBatch().interceptor();
            case AuditIndexProjection.GROUP -> auditIndex.writeBatch().interceptor();
            default -> throw new IllegalArgumentException("no projection " + group);
        };
    }

    /**
     * Idempotent. The hot paths are {@code _id} lookups, which need nothing; these secondary indexes serve ad-hoc
     * and operational queries on a real MongoDB (the embedded server accepts and ignores them).
     */
    public void ensureIndexes() {
        db.getCollection(IssueViewProjection.VIEWS).createIndex(
                Indexes.ascending("collaborationId", "number"), new IndexOptions().name("collaboration_number"));
        db.getCollection(IssueViewProjection.VIEWS).createIndex(
                Indexes.ascending("collaborationId", "status"), new IndexOptions().name("collaboration_status"));
        for (String perIssue : List.of("report_issues", "decision_issues", "inbox_issues")) {
            db.getCollection(perIssue).createIndex(Indexes.ascending("collaborationId"),
                    new IndexOptions().name("collaboration"));
        }
        db.getCollection("decision_pages").createIndex(Indexes.ascending("collaborationId"),
                new IndexOptions().name("collaboration"));
        db.getCollection(InboxProjection.ITEMS).createIndex(Indexes.ascending("username"),
                new IndexOptions().name("username"));
    }
}
