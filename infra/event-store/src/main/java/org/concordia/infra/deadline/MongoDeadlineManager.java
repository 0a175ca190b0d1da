package org.concordia.infra.deadline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.deadline.AbstractDeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ExecutionException;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanScope;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.lang.String.format;
import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * A {@link org.axonframework.deadline.DeadlineManager} whose state lives in MongoDB and survives restarts, safe for
 * several application nodes sharing one database.
 * <p>
 * Every hot path is an {@code _id} lookup (the embedded MongoDB-wire server only uses the {@code _id} index), using
 * four collections named {@code <prefix>_entries}, {@code <prefix>_buckets}, {@code <prefix>_scopes} and
 * {@code <prefix>_state}:
 * <ul>
 *     <li><b>entries</b>: one document per scheduled deadline, {@code _id} = schedule id. It holds the serialized
 *     deadline message and scope, the due time, and the claim state ({@code status} SCHEDULED / RUNNING / FAILED,
 *     {@code version}, {@code owner}, {@code claimedAt}, {@code attempts}, {@code lastError}). Inserting it is the
 *     commit point of a schedule.</li>
 *     <li><b>buckets</b>: {@code _id} = {@code dueEpochSecond / bucketSeconds} (a long), {@code items} = array of
 *     {@code {id, due}} (due in epoch millis) of the deadlines due in that time bucket.</li>
 *     <li><b>scopes</b>: {@code _id} = {@code <deadlineName>|<sha256(scope)>}, {@code ids} = the schedule ids of that
 *     deadline name within that scope; used by {@code cancelAllWithinScope}.</li>
 *     <li><b>state</b>: {@code _id "cursor"} {@code {bucket}}: the first bucket that may still hold work;
 *     {@code _id "name:<deadlineName>"} {@code {cancelSeq}}: bumped by {@code cancelAll(name)}; every entry records
 *     the value current when it was scheduled, and an entry whose value is lower is dropped instead of fired.</li>
 * </ul>
 * A poller walks the buckets from the cursor to the current bucket, claims due entries with an optimistic
 * {@code findOneAndUpdate({_id, version}, {$set: {status: RUNNING, ...}, $inc: {version: 1}})} and executes them
 * like Axon's {@code SimpleDeadlineManager} (unit of work, transaction manager, handler interceptors, scope aware
 * provider). A successful deadline is deleted; a failing one is retried with exponential backoff and, after
 * {@code maxAttempts}, kept with status FAILED (and logged). A RUNNING claim older than the claim lease is taken over.
 * Deadlines fire exactly once under normal operation, at least once if a node dies after handling but before
 * recording completion.
 */
public class MongoDeadlineManager extends AbstractDeadlineManager implements Lifecycle {

    private static final Logger logger = LoggerFactory.getLogger(MongoDeadlineManager.class);

    static final String STATUS_SCHEDULED = "SCHEDULED";
    static final String STATUS_RUNNING = "RUNNING";
    static final String STATUS_FAILED = "FAILED";
    static final String CURSOR_ID = "cursor";
    static final String NAME_PREFIX = "name:";

    private static final String ID = "_id";
    private static final int SKIP_THRESHOLD = 64;
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> buckets;
    private final MongoCollection<Document> scopes;
    private final MongoCollection<Document> state;
    private final ScopeAwareProvider scopeAwareProvider;
    private final Serializer serializer;
    private final TransactionManager transactionManager;
    private final DeadlineManagerSpanFactory spanFactory;
    private final Clock clock;
    private final Duration pollInterval;
    private final long bucketMillis;
    private final Duration claimLease;
    private final int maxAttempts;
    private final Duration initialRetryDelay;
    private final Duration maxRetryDelay;
    private final Duration skewTolerance;
    private final Duration resyncInterval;
    private final String nodeId;

    private final Object lifecycleLock = new Object();
    private ScheduledExecutorService poller;
    private volatile boolean running;
    private volatile boolean shutdown;
    private Instant nextResync = Instant.MIN;

    /**
     * Instantiate a Builder for a {@link MongoDeadlineManager}. The {@link MongoDatabase},
     * {@link ScopeAwareProvider} and {@link Serializer} are hard requirements.
     *
     * @return a Builder
     */
    public static Builder builder() {
        return new Builder();
    }

    protected MongoDeadlineManager(Builder builder) {
        builder.validate();
        String prefix = builder.collectionPrefix;
        this.entries = builder.database.getCollection(prefix + "_entries");
        this.buckets = builder.database.getCollection(prefix + "_buckets");
        this.scopes = builder.database.getCollection(prefix + "_scopes");
        this.state = builder.database.getCollection(prefix + "_state");
        this.scopeAwareProvider = builder.scopeAwareProvider;
        this.serializer = builder.serializer;
        this.transactionManager = builder.transactionManager;
        this.spanFactory = builder.spanFactory;
        this.clock = builder.clock;
        this.pollInterval = builder.pollInterval;
        this.bucketMillis = builder.bucketSize.toMillis();
        this.claimLease = builder.claimLease;
        this.maxAttempts = builder.maxAttempts;
        this.initialRetryDelay = builder.initialRetryDelay;
        this.maxRetryDelay = builder.maxRetryDelay;
        this.skewTolerance = builder.skewTolerance;
        this.resyncInterval = builder.resyncInterval;
        this.nodeId = builder.nodeId;
    }

    // ------------------------------------------------------------------------------------------------ scheduling

    @Override
    public String schedule(Instant triggerDateTime,
                           String deadlineName,
                           Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        DeadlineMessage<Object> deadlineMessage =
                GenericDeadlineMessage.asDeadlineMessage(deadlineName, messageOrPayload, triggerDateTime);
        String scheduleId = UUID.randomUUID().toString();
        Span span = spanFactory.createScheduleSpan(deadlineName, scheduleId, deadlineMessage);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            DeadlineMessage<Object> intercepted = processDispatchInterceptors(deadlineMessage);
            persist(scheduleId, triggerDateTime, deadlineName, intercepted, deadlineScope);
        }));
        return scheduleId;
    }

    private void persist(String scheduleId, Instant triggerDateTime, String deadlineName,
                         DeadlineMessage<?> message, ScopeDescriptor scope) {
        Instant now = clock.instant();
        // A deadline in the past is due "now": it goes into the current bucket, never behind the poller's cursor.
        long due = Math.max(triggerDateTime.toEpochMilli(), now.toEpochMilli());
        SerializedObject<String> serializedScope = serializer.serialize(scope, String.class);
        String scopeKey = scopeKey(deadlineName, serializedScope);
        Document entry = new Document(ID, scheduleId)
                .append("name", deadlineName)
                .append("scopeKey", scopeKey)
                .append("scope", serializedScope.getData())
                .append("scopeType", serializedScope.getType().getName())
                .append("messageId", message.getIdentifier())
                .append("timestamp", message.getTimestamp().toString())
                .append("metaData", serializer.serialize(message.getMetaData(), String.class).getData());
        Object payload = message.getPayload();
        if (payload != null) {
            SerializedObject<String> serializedPayload = serializer.serialize(payload, String.class);
            entry.append("payload", serializedPayload.getData())
                 .append("payloadType", serializedPayload.getType().getName())
                 .append("payloadRevision", serializedPayload.getType().getRevision());
        }
        entry.append("due", due)
             .append("dueAt", new Date(due))
             .append("nameSeq", currentCancelSeq(deadlineName))
             .append("status", STATUS_SCHEDULED)
             .append("attempts", 0)
             .append("version", 0L)
             .append("createdAt", Date.from(now));
        // Registries first, the entry last: the entry is the commit point. A crash in between leaves only
        // references to a missing entry, which are cleaned up, never an entry that cannot fire or be cancelled.
        scopes.updateOne(Filters.eq(ID, scopeKey),
                         Updates.combine(Updates.setOnInsert("name", deadlineName),
                                         Updates.addToSet("ids", scheduleId)),
                         UPSERT);
        addBucketItem(scheduleId, due);
        entries.insertOne(entry);
        logger.debug("Scheduled deadline [{}] with id [{}] due at [{}]", deadlineName, scheduleId, Instant.ofEpochMilli(due));
    }

    // ------------------------------------------------------------------------------------------------ cancelling

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Span span = spanFactory.createCancelScheduleSpan(deadlineName, scheduleId);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            Document removed = entries.findOneAndDelete(Filters.and(Filters.eq(ID, scheduleId),
                                                                    Filters.eq("name", deadlineName),
                                                                    Filters.ne("status", STATUS_FAILED)));
            if (removed != null) {
                removeFromScope(removed.getString("scopeKey"), scheduleId);
            }
        }));
    }

    @Override
    public void cancelAll(String deadlineName) {
        Span span = spanFactory.createCancelAllSpan(deadlineName);
        runOnPrepareCommitOrNow(span.wrapRunnable(
                () -> state.updateOne(Filters.eq(ID, NAME_PREFIX + deadlineName), Updates.inc("cancelSeq", 1L), UPSERT)
        ));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        Span span = spanFactory.createCancelAllWithinScopeSpan(deadlineName, scope);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> {
            String scopeKey = scopeKey(deadlineName, serializer.serialize(scope, String.class));
            Document registry = scopes.find(Filters.eq(ID, scopeKey)).first();
            if (registry == null) {
                return;
            }
            List<String> ids = registry.getList("ids", String.class, Collections.emptyList());
            if (!ids.isEmpty()) {
                entries.deleteMany(Filters.and(Filters.in(ID, ids), Filters.ne("status", STATUS_FAILED)));
                scopes.updateOne(Filters.eq(ID, scopeKey), Updates.pullAll("ids", ids));
            }
            scopes.deleteOne(Filters.and(Filters.eq(ID, scopeKey), Filters.size("ids", 0)));
        }));
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
        lifecycle.onStart(Phase.INBOUND_EVENT_CONNECTORS, this::start);
        lifecycle.onShutdown(Phase.INBOUND_EVENT_CONNECTORS, this::shutdown);
    }

    /**
     * Starts polling for due deadlines. Idempotent.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            shutdown = false;
            running = true;
            poller = Executors.newSingleThreadScheduledExecutor(new AxonThreadFactory("mongoDeadlineManager-" + nodeId));
            poller.scheduleWithFixedDelay(this::safePoll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            logger.info("MongoDeadlineManager [{}] started polling every {}", nodeId, pollInterval);
        }
    }

    /**
     * Stops polling; a deadline being executed is allowed to finish (waits up to 30 seconds).
     */
    @Override
    public void shutdown() {
        ScheduledExecutorService toStop;
        synchronized (lifecycleLock) {
            shutdown = true;
            running = false;
            toStop = poller;
            poller = null;
        }
        if (toStop != null) {
            toStop.shutdown();
            try {
                if (!toStop.awaitTermination(30, TimeUnit.SECONDS)) {
                    logger.warn("MongoDeadlineManager poller did not stop within 30 seconds");
                    toStop.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                toStop.shutdownNow();
            }
        }
    }

    /**
     * @return whether the poller is running
     */
    public boolean isRunning() {
        return running;
    }

    private void safePoll() {
        try {
            pollOnce();
        } catch (Throwable e) {
            logger.warn("Polling for due deadlines failed; will retry", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ polling

    /**
     * One polling round: walk the buckets from the cursor to now, fire every due deadline this node can claim, and
     * advance the cursor past buckets that are drained. Returns the number of deadlines this node executed.
     */
    synchronized int pollOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextResync)) {
            resyncCursor(now);
            nextResync = now.plus(resyncInterval);
        }
        long nowMillis = now.toEpochMilli();
        long currentBucket = bucketOf(nowMillis);
        // Buckets older than this can no longer receive new items (schedulers clamp to their own "now").
        long settledBefore = bucketOf(now.minus(skewTolerance).toEpochMilli());
        long cursor = readCursor(now);
        long newCursor = cursor;
        boolean advancing = true;
        int executed = 0;
        Map<String, Long> cancelSeqs = new HashMap<>();
        for (long bucket = cursor; bucket <= currentBucket && !shutdown; bucket++) {
            Document doc = buckets.find(Filters.eq(ID, bucket)).first();
            int remaining = 0;
            if (doc != null) {
                List<Document> items = new ArrayList<>(doc.getList("items", Document.class, Collections.emptyList()));
                Collections.shuffle(items); // spread the work of nodes polling the same bucket
                for (Document item : items) {
                    if (shutdown) {
                        remaining++;
                        continue;
                    }
                    Outcome outcome = processItem(bucket, item, now, cancelSeqs);
                    if (outcome == Outcome.PENDING) {
                        remaining++;
                    } else if (outcome == Outcome.EXECUTED) {
                        executed++;
                    }
                }
                if (remaining == 0 && bucket < settledBefore) {
                    buckets.deleteOne(Filters.and(Filters.eq(ID, bucket), Filters.size("items", 0)));
                }
            }
            if (advancing && remaining == 0 && bucket < settledBefore && !shutdown) {
                newCursor = bucket + 1;
            } else {
                advancing = false;
            }
            if (doc == null && settledBefore - bucket > SKIP_THRESHOLD) {
                // A long run of settled buckets (after downtime): jump to the next existing one instead of looking
                // each up. A range query: an index seek on MongoDB, a scan of the buckets on the embedded server.
                Document next = buckets.find(Filters.gt(ID, bucket)).projection(Projections.include(ID))
                                       .sort(Sorts.ascending(ID)).limit(1).first();
                long target = next == null
                        ? settledBefore
                        : Math.min(((Number) next.get(ID)).longValue(), settledBefore);
                if (target > bucket + 1) {
                    if (advancing) {
                        newCursor = target;
                    }
                    bucket = target - 1;
                }
            }
        }
        if (newCursor > cursor) {
            state.updateOne(Filters.eq(ID, CURSOR_ID),
                            Updates.combine(Updates.max("bucket", newCursor),
                                            Updates.set("updatedAt", Date.from(now))),
                            UPSERT);
        }
        return executed;
    }

    private long readCursor(Instant now) {
        Document cursorDoc = state.find(Filters.eq(ID, CURSOR_ID)).first();
        if (cursorDoc == null) {
            return resyncCursor(now);
        }
        return cursorDoc.get("bucket", Number.class).longValue();
    }

    /**
     * Sets the cursor to the earliest bucket that still exists (or, without buckets, to the oldest bucket that can
     * still receive items). Runs at start and every {@code resyncInterval}: it repairs a cursor that moved past an
     * item written late by a stalled scheduler. On real MongoDB this is an {@code _id} index lookup; the embedded
     * server scans the (small) buckets collection.
     */
    private long resyncCursor(Instant now) {
        Document first = buckets.find().projection(Projections.include(ID)).sort(Sorts.ascending(ID)).limit(1).first();
        long settled = bucketOf(now.minus(skewTolerance).toEpochMilli());
        long cursor = first != null ? Math.min(((Number) first.get(ID)).longValue(), settled) : settled;
        state.updateOne(Filters.eq(ID, CURSOR_ID),
                        Updates.combine(Updates.set("bucket", cursor), Updates.set("updatedAt", Date.from(now))),
                        UPSERT);
        return cursor;
    }

    private enum Outcome {
        /** Still has to happen (not due, or claimed by a live node): keeps the bucket open. */
        PENDING,
        /** Nothing left to do for this item. */
        DONE,
        /** Executed by this node (successfully or not); nothing left to do for this item. */
        EXECUTED
    }

    private Outcome processItem(long bucket, Document item, Instant now, Map<String, Long> cancelSeqs) {
        String id = item.getString("id");
        long due = item.get("due", Number.class).longValue();
        if (due > now.toEpochMilli()) {
            return Outcome.PENDING;
        }
        Document entry = entries.find(Filters.eq(ID, id)).first();
        if (entry == null) {
            // Cancelled or completed; or, within the skew tolerance, a schedule whose entry is still being written.
            if (due < now.minus(skewTolerance).toEpochMilli()) {
                pullBucketItem(bucket, item);
                return Outcome.DONE;
            }
            return Outcome.PENDING;
        }
        String status = entry.getString("status");
        if (STATUS_FAILED.equals(status) || entry.get("due", Number.class).longValue() != due) {
            pullBucketItem(bucket, item); // stale item: the entry failed for good or moved to a retry bucket
            return Outcome.DONE;
        }
        long version = entry.get("version", Number.class).longValue();
        String name = entry.getString("name");
        long cancelSeq = cancelSeqs.computeIfAbsent(name, this::currentCancelSeq);
        if (entry.get("nameSeq", Number.class).longValue() < cancelSeq) {
            entries.deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq("version", version)));
            removeFromScope(entry.getString("scopeKey"), id);
            pullBucketItem(bucket, item);
            logger.debug("Dropped deadline [{}] with id [{}]: cancelled by cancelAll", name, id);
            return Outcome.DONE;
        }
        if (STATUS_RUNNING.equals(status)) {
            Date claimedAt = entry.getDate("claimedAt");
            if (claimedAt != null && claimedAt.toInstant().plus(claimLease).isAfter(now)) {
                return Outcome.PENDING; // a live node is executing it
            }
            logger.warn("Taking over deadline [{}] with id [{}] claimed by [{}] at [{}]: lease expired",
                        name, id, entry.getString("owner"), claimedAt);
        }
        Document claimed = entries.findOneAndUpdate(
                Filters.and(Filters.eq(ID, id), Filters.eq("version", version)),
                Updates.combine(Updates.set("status", STATUS_RUNNING),
                                Updates.set("owner", nodeId),
                                Updates.set("claimedAt", Date.from(now)),
                                Updates.inc("version", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (claimed == null) {
            return Outcome.PENDING; // another node got it first (or it was cancelled): look again next round
        }
        execute(bucket, item, claimed);
        return Outcome.EXECUTED;
    }

    // ------------------------------------------------------------------------------------------------ executing

    private void execute(long bucket, Document item, Document entry) {
        String id = entry.getString(ID);
        String name = entry.getString("name");
        long version = entry.get("version", Number.class).longValue();
        Throwable failure;
        try {
            failure = invokeHandlers(id, name, entry);
        } catch (Throwable e) {
            failure = e;
        }
        if (failure == null) {
            entries.deleteOne(Filters.and(Filters.eq(ID, id), Filters.eq("version", version)));
            removeFromScope(entry.getString("scopeKey"), id);
            pullBucketItem(bucket, item);
        } else {
            handleFailure(bucket, item, entry, version, failure);
        }
    }

    /**
     * Runs the deadline like {@code SimpleDeadlineManager.DeadlineTask}; returns the failure, or null on success.
     */
    private Throwable invokeHandlers(String id, String name, Document entry) {
        DeadlineMessage<?> message = toDeadlineMessage(name, entry);
        ScopeDescriptor scope = serializer.deserialize(new SimpleSerializedObject<>(
                entry.getString("scope"), String.class, entry.getString("scopeType"), null));
        Span span = spanFactory.createExecuteSpan(name, id, message).start();
        try (SpanScope unused = span.makeCurrent()) {
            UnitOfWork<DeadlineMessage<?>> unitOfWork = new DefaultUnitOfWork<>(message);
            unitOfWork.attachTransaction(transactionManager);
            unitOfWork.onRollback(uow -> span.recordException(uow.getExecutionResult().getExceptionResult()));
            InterceptorChain chain = new DefaultInterceptorChain<>(unitOfWork, handlerInterceptors(), m -> {
                executeScheduledDeadline(m, scope);
                return null;
            });
            ResultMessage<?> result = unitOfWork.executeWithResult(chain::proceed);
            return result.isExceptional() ? result.exceptionResult() : null;
        } catch (Exception e) {
            span.recordException(e);
            return e;
        } finally {
            span.end();
        }
    }

    private DeadlineMessage<?> toDeadlineMessage(String name, Document entry) {
        Object payload = null;
        if (entry.getString("payloadType") != null) {
            payload = serializer.deserialize(new SimpleSerializedObject<>(entry.getString("payload"),
                                                                          String.class,
                                                                          entry.getString("payloadType"),
                                                                          entry.getString("payloadRevision")));
        }
        MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(
                entry.getString("metaData"), String.class, MetaData.class.getName(), null));
        return new GenericDeadlineMessage<>(name, entry.getString("messageId"), payload, metaData,
                                            Instant.parse(entry.getString("timestamp")));
    }

    private void executeScheduledDeadline(DeadlineMessage<?> deadlineMessage, ScopeDescriptor deadlineScope) {
        scopeAwareProvider.provideScopeAwareStream(deadlineScope)
                          .filter(component -> component.canResolve(deadlineScope))
                          .forEach(component -> {
                              try {
                                  component.send(deadlineMessage, deadlineScope);
                              } catch (Exception e) {
                                  throw new ExecutionException(format(
                                          "Failed to send a DeadlineMessage for scope [%s]",
                                          deadlineScope.scopeDescription()), e);
                              }
                          });
    }

    private void handleFailure(long bucket, Document item, Document entry, long version, Throwable failure) {
        String id = entry.getString(ID);
        String name = entry.getString("name");
        int attempts = entry.getInteger("attempts", 0) + 1;
        Instant now = clock.instant();
        String error = describe(failure);
        Bson ownClaim = Filters.and(Filters.eq(ID, id), Filters.eq("version", version));
        if (attempts >= maxAttempts) {
            entries.updateOne(ownClaim, Updates.combine(Updates.set("status", STATUS_FAILED),
                                                        Updates.set("attempts", attempts),
                                                        Updates.set("lastError", error),
                                                        Updates.set("failedAt", Date.from(now)),
                                                        Updates.unset("owner"),
                                                        Updates.inc("version", 1L)));
            removeFromScope(entry.getString("scopeKey"), id);
            pullBucketItem(bucket, item);
            logger.error("Deadline [{}] with id [{}] failed {} times; marked FAILED and kept in the database",
                         name, id, attempts, failure);
            return;
        }
        long delay = initialRetryDelay.toMillis();
        for (int i = 1; i < attempts && delay < maxRetryDelay.toMillis(); i++) {
            delay *= 2;
        }
        delay = Math.min(delay, maxRetryDelay.toMillis());
        long nextDue = now.toEpochMilli() + delay;
        addBucketItem(id, nextDue); // new bucket first, so the entry is never absent from every bucket
        entries.updateOne(ownClaim, Updates.combine(Updates.set("status", STATUS_SCHEDULED),
                                                    Updates.set("attempts", attempts),
                                                    Updates.set("lastError", error),
                                                    Updates.set("due", nextDue),
                                                    Updates.set("dueAt", new Date(nextDue)),
                                                    Updates.unset("owner"),
                                                    Updates.unset("claimedAt"),
                                                    Updates.inc("version", 1L)));
        pullBucketItem(bucket, item);
        logger.warn("Deadline [{}] with id [{}] failed (attempt {} of {}); retrying at [{}]",
                    name, id, attempts, maxAttempts, Instant.ofEpochMilli(nextDue), failure);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The failure and its causes, one line, at most 2000 characters: what {@code lastError} records. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- caused by: ");
            }
            text.append(t);
        }
        return text.length() > 2000 ? text.substring(0, 2000) : text.toString();
    }

    private long bucketOf(long epochMillis) {
        return Math.floorDiv(epochMillis, bucketMillis);
    }

    private void addBucketItem(String id, long due) {
        buckets.updateOne(Filters.eq(ID, bucketOf(due)),
                          Updates.addToSet("items", new Document("id", id).append("due", due)),
                          UPSERT);
    }

    private void pullBucketItem(long bucket, Document item) {
        buckets.updateOne(Filters.eq(ID, bucket),
                          Updates.pull("items", new Document("id", item.getString("id"))
                                  .append("due", item.get("due", Number.class).longValue())));
    }

    private void removeFromScope(String scopeKey, String id) {
        if (scopeKey == null) {
            return;
        }
        scopes.updateOne(Filters.eq(ID, scopeKey), Updates.pull("ids", id));
        scopes.deleteOne(Filters.and(Filters.eq(ID, scopeKey), Filters.size("ids", 0)));
    }

    private long currentCancelSeq(String deadlineName) {
        Document doc = state.find(Filters.eq(ID, NAME_PREFIX + deadlineName)).first();
        return doc == null ? 0L : doc.get("cancelSeq", Number.class).longValue();
    }

    static String scopeKey(String deadlineName, SerializedObject<String> serializedScope) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(serializedScope.getType().getName().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(serializedScope.getData().getBytes(StandardCharsets.UTF_8));
            return deadlineName + "|" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ builder

    /**
     * Builder for a {@link MongoDeadlineManager}. Required: {@link #database}, {@link #scopeAwareProvider},
     * {@link #serializer}. Defaults: collection prefix {@code "deadline"}, {@link NoTransactionManager}, no-op spans,
     * system UTC clock, poll interval 1 s, bucket size 60 s, claim lease 5 min, 5 attempts, retry delay 10 s doubling
     * up to 10 min, skew tolerance 2 min, cursor resync every 10 min, a random node id.
     */
    public static class Builder {

        private MongoDatabase database;
        private String collectionPrefix = "deadline";
        private ScopeAwareProvider scopeAwareProvider;
        private Serializer serializer;
        private TransactionManager transactionManager = NoTransactionManager.INSTANCE;
        private DeadlineManagerSpanFactory spanFactory =
                DefaultDeadlineManagerSpanFactory.builder().spanFactory(NoOpSpanFactory.INSTANCE).build();
        private Clock clock = Clock.systemUTC();
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration bucketSize = Duration.ofSeconds(60);
        private Duration claimLease = Duration.ofMinutes(5);
        private int maxAttempts = 5;
        private Duration initialRetryDelay = Duration.ofSeconds(10);
        private Duration maxRetryDelay = Duration.ofMinutes(10);
        private Duration skewTolerance = Duration.ofMinutes(2);
        private Duration resyncInterval = Duration.ofMinutes(10);
        private String nodeId = "node-" + UUID.randomUUID();

        /** The database holding the four {@code <prefix>_*} collections. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /** Prefix of the collection names; defaults to {@code "deadline"}. */
        public Builder collectionPrefix(String collectionPrefix) {
            assertThat(collectionPrefix, p -> p != null && !p.isBlank(), "Collection prefix may not be blank");
            this.collectionPrefix = collectionPrefix;
            return this;
        }

        public Builder scopeAwareProvider(ScopeAwareProvider scopeAwareProvider) {
            assertNonNull(scopeAwareProvider, "ScopeAwareProvider may not be null");
            this.scopeAwareProvider = scopeAwareProvider;
            return this;
        }

        /** Serializes deadline payloads, metadata and scope descriptors (use the JacksonSerializer). */
        public Builder serializer(Serializer serializer) {
            assertNonNull(serializer, "Serializer may not be null");
            this.serializer = serializer;
            return this;
        }

        public Builder transactionManager(TransactionManager transactionManager) {
            assertNonNull(transactionManager, "TransactionManager may not be null");
            this.transactionManager = transactionManager;
            return this;
        }

        public Builder spanFactory(DeadlineManagerSpanFactory spanFactory) {
            assertNonNull(spanFactory, "SpanFactory may not be null");
            this.spanFactory = spanFactory;
            return this;
        }

        public Builder clock(Clock clock) {
            assertNonNull(clock, "Clock may not be null");
            this.clock = clock;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            assertPositive(pollInterval, "Poll interval");
            this.pollInterval = pollInterval;
            return this;
        }

        /** Width of a time bucket; at least one second. */
        public Builder bucketSize(Duration bucketSize) {
            assertThat(bucketSize, b -> b != null && b.toMillis() >= 1000, "Bucket size must be at least 1 second");
            this.bucketSize = bucketSize;
            return this;
        }

        /** How long a RUNNING claim is honoured before another node may take the deadline over. */
        public Builder claimLease(Duration claimLease) {
            assertPositive(claimLease, "Claim lease");
            this.claimLease = claimLease;
            return this;
        }

        /** Total number of executions (first one included) before a deadline is marked FAILED. */
        public Builder maxAttempts(int maxAttempts) {
            assertThat(maxAttempts, a -> a >= 1, "Max attempts must be at least 1");
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Delay before the first retry; doubles with each further failure up to the max retry delay. */
        public Builder retryDelay(Duration initialRetryDelay, Duration maxRetryDelay) {
            assertPositive(initialRetryDelay, "Initial retry delay");
            assertThat(maxRetryDelay, m -> m != null && m.compareTo(initialRetryDelay) >= 0,
                       "Max retry delay must not be smaller than the initial retry delay");
            this.initialRetryDelay = initialRetryDelay;
            this.maxRetryDelay = maxRetryDelay;
            return this;
        }

        /**
         * Upper bound for clock skew between nodes plus the time a schedule takes to write its documents. The cursor
         * trails "now" by this much, and an item without entry is only discarded when it is overdue by this much.
         */
        public Builder skewTolerance(Duration skewTolerance) {
            assertThat(skewTolerance, s -> s != null && !s.isNegative(), "Skew tolerance may not be negative");
            this.skewTolerance = skewTolerance;
            return this;
        }

        /** How often the cursor is re-derived from the earliest existing bucket. */
        public Builder resyncInterval(Duration resyncInterval) {
            assertPositive(resyncInterval, "Resync interval");
            this.resyncInterval = resyncInterval;
            return this;
        }

        /** Identifies this node in claims ({@code owner}); defaults to a random id. */
        public Builder nodeId(String nodeId) {
            assertThat(nodeId, n -> n != null && !n.isBlank(), "Node id may not be blank");
            this.nodeId = nodeId;
            return this;
        }

        public MongoDeadlineManager build() {
            return new MongoDeadlineManager(this);
        }

        protected void validate() throws AxonConfigurationException {
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
            assertNonNull(scopeAwareProvider, "The ScopeAwareProvider is a hard requirement and should be provided");
            assertNonNull(serializer, "The Serializer is a hard requirement and should be provided");
        }

        private static void assertPositive(Duration duration, String what) {
            assertThat(duration, d -> d != null && !d.isNegative() && !d.isZero(), what + " must be positive");
        }
    }
}
