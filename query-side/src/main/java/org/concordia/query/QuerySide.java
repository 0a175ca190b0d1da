package org.concordia.query;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.audit.EventLog;
import org.concordia.query.collaboration.CollaborationProjection;
import org.concordia.query.collaboration.CollaborationQueries;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueListPages;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;
import org.concordia.query.support.CollaborationSequencingPolicy;
import org.concordia.query.support.DeferredReplayWrites;
import org.concordia.query.support.Generations;
import org.concordia.query.support.WriteBatch;

/**
 * What infra registers. For each projection: a tracking (streaming) event processor named by its
 * {@code @ProcessingGroup}, with {@link #sequencingPolicy()} (events of a collaboration in position order), an
 * error handler that stops the segment (projections throw, never skip), replay allowed (every projection has a
 * {@code @ResetHandler}). Plus the query handlers, an {@link EventLog} on the event store, and
 * {@link #ensureIndexes} once at start.
 * <p>
 * Every projection's collections come in generations ({@link Generations}): the projection registered with the
 * processor is built on {@link Generations#writes()}, and the query handlers on instances of the same classes built
 * on {@link Generations#reads()}. A replay goes through {@link #replay}: it rebuilds into a new generation while the
 * queries keep answering from the old one, and {@link #completeRebuild} (called periodically) switches the queries
 * over once the replay has caught up.
 */
public final class QuerySide {

    private final Map<String, Generations> generations = new LinkedHashMap<>();
    private final CollaborationProjection collaborations;
    private final IssueViewProjection issueViews;
    private final OpenConflictReportProjection reports;
    private final DecisionRegisterProjection decisions;
    private final InboxProjection inboxes;
    private final AuditIndexProjection auditIndex;
    private final AuditTrail auditTrail;
    private final ReadModelQueryHandlers queryHandlers;
    private final CollaborationQueries collaborationQueries;
    private final DeferredReplayWrites replayWrites; // null: none held back

    /** Search text kept in memory for free-text queries: about 100,000 issues of 300 characters. */
    static final long SEARCH_TEXT_CACHE_CHARS = 32L << 20;

    public QuerySide(MongoDatabase db, EventLog eventLog) {
        this(db, db, eventLog);
    }

    /**
     * @param readModels the database the projections write their documents through: {@code db} itself, or {@code db}
     *                   with a weaker write concern (the embedded server commits unjournaled writes with the next
     *                   journaled one: a tracking batch's writes then cost no commit of their own). Safe because a
     *                   projection redelivers from its token what a crash lost; the generations documents are still
     *                   written through {@code db}.
     */
    public QuerySide(MongoDatabase db, MongoDatabase readModels, EventLog eventLog) {
        this(db, readModels, eventLog, null);
    }

    /**
     * @param replayWrites lets each projection hold a replay's changes across tracking batches (null: every batch
     *                     writes); the processors' token store must be {@link DeferredReplayWrites#tokenStore
     *                     wrapped} by it
     */
    public QuerySide(MongoDatabase db, MongoDatabase readModels, EventLog eventLog,
                     DeferredReplayWrites replayWrites) {
        this.replayWrites = replayWrites;
        for (String group : List.of(CollaborationProjection.PROCESSING_GROUP, IssueViewProjection.GROUP,
                OpenConflictReportProjection.GROUP, DecisionRegisterProjection.GROUP, InboxProjection.GROUP,
                AuditIndexProjection.GROUP)) {
            generations.put(group, new Generations(db, readModels, group));
        }
        this.collaborations = new CollaborationProjection(writes(CollaborationProjection.PROCESSING_GROUP));
        this.issueViews = new IssueViewProjection(writes(IssueViewProjection.GROUP));
        this.reports = new OpenConflictReportProjection(writes(OpenConflictReportProjection.GROUP));
        this.decisions = new DecisionRegisterProjection(writes(DecisionRegisterProjection.GROUP));
        this.inboxes = new InboxProjection(writes(InboxProjection.GROUP));
        this.auditIndex = new AuditIndexProjection(writes(AuditIndexProjection.GROUP));
        if (replayWrites != null) {
            for (WriteBatch batch : List.of(collaborations.writeBatch(), issueViews.writeBatch(), reports.writeBatch(),
                    decisions.writeBatch(), inboxes.writeBatch(), auditIndex.writeBatch())) {
                batch.deferDuringReplay(replayWrites);
            }
        }
        // the queries: the same classes on the generation being served
        this.auditTrail = new AuditTrail(new AuditIndexProjection(reads(AuditIndexProjection.GROUP)), eventLog);
        this.queryHandlers = new ReadModelQueryHandlers(new IssueViewProjection(reads(IssueViewProjection.GROUP)),
                new IssueListPages(reads(IssueViewProjection.GROUP), SEARCH_TEXT_CACHE_CHARS),
                new OpenConflictReportProjection(reads(OpenConflictReportProjection.GROUP)),
                new DecisionRegisterProjection(reads(DecisionRegisterProjection.GROUP)),
                new InboxProjection(reads(InboxProjection.GROUP)), auditTrail);
        this.collaborationQueries = new CollaborationQueries(reads(CollaborationProjection.PROCESSING_GROUP),
                auditTrail);
    }

    private MongoDatabase writes(String group) {
        return generations.get(group).writes();
    }

    private MongoDatabase reads(String group) {
        return generations.get(group).reads();
    }

    /** The event handlers: register each with its own tracking processor (name = processing group). */
    public List<Object> projections() {
        return List.of(collaborations, issueViews, reports, decisions, inboxes, auditIndex);
    }

    /** Processing group name → projection. */
    public Map<String, Object> projectionsByGroup() {
        return Map.of(CollaborationProjection.PROCESSING_GROUP, collaborations, IssueViewProjection.GROUP, issueViews,
                OpenConflictReportProjection.GROUP, reports, DecisionRegisterProjection.GROUP, decisions,
                InboxProjection.GROUP, inboxes, AuditIndexProjection.GROUP, auditIndex);
    }

    public List<Object> queryHandlers() {
        return List.of(queryHandlers, collaborationQueries);
    }

    /** For the HTTP layer's CSV/JSON export (streams; not through the query bus). */
    public AuditTrail auditTrail() {
        return auditTrail;
    }

    /** Retention and legal hold of every projection's replaced collections (the standard: kept 2 s, no hold). */
    public void retention(org.concordia.query.support.ReadModelRetention retention) {
        generations.values().forEach(g -> g.retention(retention));
    }

    /** The collection generations of the processing group {@code group}; empty if it is not one of these. */
    public Optional<Generations> generations(String group) {
        return Optional.ofNullable(generations.get(group));
    }

    /** Register for every processing group above. */
    public static SequencingPolicy<EventMessage<?>> sequencingPolicy() {
        return CollaborationSequencingPolicy.INSTANCE;
    }

    /**
     * What a replay may hold back, on a heap of {@code maxHeapBytes}: each of the six views up to one document per
     * {@value #HEAP_BYTES_PER_HELD_DOCUMENT} bytes of heap divided among them. A held document takes about 5–6 KB
     * decoded (1.26M held took about 7 GB in a 1M-event replay), so six views holding their most take about a third
     * of the heap.
     */
    public static DeferredReplayWrites replayWritesFor(long maxHeapBytes) {
        return new DeferredReplayWrites((int) Math.min(Integer.MAX_VALUE,
                maxHeapBytes / HEAP_BYTES_PER_HELD_DOCUMENT / 6));
    }

    static final long HEAP_BYTES_PER_HELD_DOCUMENT = 16_384;

    /** Events per tracking batch: the projections write once per batch, so a rebuild wants large batches. */
    public static final int BATCH_SIZE = 500;

    /** Register for every processing group above: one thread, one segment, {@link #BATCH_SIZE} events a batch. */
    public static TrackingEventProcessorConfiguration processorConfiguration() {
        return TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(BATCH_SIZE);
    }

    /**
     * Register on the processing group {@code group} (as its first interceptor): picks the generation each batch
     * writes to, reads what a batch needs at its start and writes the batch's read-model changes when its last
     * event has been handled, before the processor stores its token (see {@link WriteBatch}).
     */
    public MessageHandlerInterceptor<EventMessage<?>> batchInterceptor(String group) {
        MessageHandlerInterceptor<EventMessage<?>> writes = switch (group) {
            case CollaborationProjection.PROCESSING_GROUP -> collaborations.writeBatch().interceptor();
            case IssueViewProjection.GROUP -> issueViews.writeBatch().interceptor();
            case OpenConflictReportProjection.GROUP -> reports.writeBatch().interceptor();
            case DecisionRegisterProjection.GROUP -> decisions.writeBatch().interceptor();
            case InboxProjection.GROUP -> inboxes.writeBatch().interceptor();
            case AuditIndexProjection.GROUP -> auditIndex.writeBatch().interceptor();
            default -> throw new IllegalArgumentException("no projection " + group);
        };
        return generations.get(group).interceptor(writes);
    }

    /**
     * Rebuilds the projection {@code group} from the first event into a new generation while queries keep reading
     * the current one: stops the processor, moves its writers to a new generation, resets its tokens (its reset
     * handler clears what it writes to: the new generation) and starts it again. If the tokens cannot be reset the
     * new generation is given up and the processor restarted as it was.
     *
     * @return false if {@code group} is not one of these projections
     */
    public boolean replay(String group, StreamingEventProcessor processor) {
        Generations g = generations.get(group);
        if (g == null) {
            return false;
        }
        synchronized (g) {
            g.checkNotHeld();
            processor.shutDown();
            try {
                g.beginRebuild();
                processor.resetTokens();
            } catch (RuntimeException e) {
                g.abandonRebuild();
                throw e;
            } finally {
                processor.start();
            }
        }
        return true;
    }

    /**
     * Call periodically on every node: switches the queries of {@code group} to the rebuilt generation once the
     * replay has caught up, and drops the old generation {@link Generations#DROP_DELAY} later.
     *
     * @param statuses the processor's segments as this node sees them ({@code processingStatus()})
     * @param segments how many segments the processor has (in the token store)
     */
    public Generations.Outcome completeRebuild(String group, Map<Integer, EventTrackerStatus> statuses, int segments,
                                               Instant now) {
        Generations g = generations.get(group);
        if (g == null) {
            return Generations.Outcome.NOTHING;
        }
        // a processor reports the end of its replay before it writes what it held back past its last batch
        if (replayWrites != null && statuses.keySet().stream().anyMatch(s -> replayWrites.isHolding(group, s))) {
            return g.state().rebuilding() ? Generations.Outcome.BUILDING : Generations.Outcome.NOTHING;
        }
        return g.complete(statuses, segments, now);
    }

    /**
     * Idempotent. The hot paths are {@code _id} lookups, which need nothing; these secondary indexes serve ad-hoc
     * and operational queries on a real MongoDB (the embedded server accepts and ignores them). Each is kept on
     * every generation: a replay creates them on the generation it builds.
     */
    public void ensureIndexes() {
        Generations views = generations.get(IssueViewProjection.GROUP);
        views.index(IssueViewProjection.VIEWS, Indexes.ascending("collaborationId", "number"),
                new IndexOptions().name("collaboration_number"));
        views.index(IssueViewProjection.VIEWS, Indexes.ascending("collaborationId", "status"),
                new IndexOptions().name("collaboration_status"));
        for (Map.Entry<String, String> perIssue : Map.of("report_issues", OpenConflictReportProjection.GROUP,
                "decision_issues", DecisionRegisterProjection.GROUP, "inbox_issues", InboxProjection.GROUP).entrySet()) {
            generations.get(perIssue.getValue()).index(perIssue.getKey(), Indexes.ascending("collaborationId"),
                    new IndexOptions().name("collaboration"));
        }
        generations.get(DecisionRegisterProjection.GROUP).index("decision_pages", Indexes.ascending("collaborationId"),
                new IndexOptions().name("collaboration"));
        generations.get(InboxProjection.GROUP).index(InboxProjection.ITEMS, Indexes.ascending("username"),
                new IndexOptions().name("username"));
    }
}
