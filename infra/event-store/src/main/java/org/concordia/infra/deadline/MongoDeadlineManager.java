package org.concordia.infra.deadline;

import com.mongodb.client.MongoDatabase;
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
import org.axonframework.messaging.ScopeAwareProvider;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.concordia.infra.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * A {@link org.axonframework.deadline.DeadlineManager} whose state lives in MongoDB and survives restarts, safe for
 * several application nodes sharing one database: deadlines are stored by {@link DeadlineStore}, found due by
 * {@link DeadlinePoller}, claimed once across nodes and run by {@link DeadlineExecutor}. They fire exactly once under
 * normal operation, at least once if a node dies after handling but before recording completion. The storage layout
 * and the reasons for it: {@code docs/event-store.md}.
 */
public class MongoDeadlineManager extends AbstractDeadlineManager implements Lifecycle {

    private static final Logger logger = LoggerFactory.getLogger(MongoDeadlineManager.class);

    private final DeadlineStore store;
    private final DeadlinePoller deadlinePoller;
    private final DeadlineManagerSpanFactory spanFactory;
    private final Clock clock;
    private final Duration pollInterval;
    private final String nodeId;

    private final Object lifecycleLock = new Object();
    private ScheduledExecutorService poller;
    private volatile boolean running;
    private volatile boolean shutdown;

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
        this.spanFactory = builder.spanFactory;
        this.clock = builder.clock;
        this.pollInterval = builder.pollInterval;
        this.nodeId = builder.nodeId;
        this.store = new DeadlineStore(builder.database, builder.registryDatabase == null ? builder.database
                : builder.registryDatabase, builder.collectionPrefix, builder.serializer, builder.bucketSize,
                                       builder.nodeId, builder.claimLease, builder.clock);
        DeadlineExecutor executor = new DeadlineExecutor(store, builder.scopeAwareProvider, builder.transactionManager,
                                                         builder.spanFactory, this::handlerInterceptors, builder.clock,
                                                         builder.maxAttempts, builder.initialRetryDelay,
                                                         builder.maxRetryDelay);
        this.deadlinePoller = new DeadlinePoller(store, executor, builder.clock, builder.skewTolerance,
                                                 builder.resyncInterval, () -> shutdown);
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
            Instant now = clock.instant();
            // A deadline in the past is due "now": it goes into the current bucket, never behind the poller's cursor.
            long due = Math.max(triggerDateTime.toEpochMilli(), now.toEpochMilli());
            store.persist(scheduleId, due, now, deadlineName, intercepted, deadlineScope);
            logger.debug("Scheduled deadline [{}] with id [{}] due at [{}]", deadlineName, scheduleId,
                         Instant.ofEpochMilli(due));
        }));
        return scheduleId;
    }

    // ------------------------------------------------------------------------------------------------ cancelling

    @Override
    public void cancelSchedule(String deadlineName, String scheduleId) {
        Span span = spanFactory.createCancelScheduleSpan(deadlineName, scheduleId);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> store.cancel(deadlineName, scheduleId)));
    }

    @Override
    public void cancelAll(String deadlineName) {
        Span span = spanFactory.createCancelAllSpan(deadlineName);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> store.cancelAll(deadlineName)));
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        Span span = spanFactory.createCancelAllWithinScopeSpan(deadlineName, scope);
        runOnPrepareCommitOrNow(span.wrapRunnable(() -> store.cancelWithinScope(deadlineName, scope)));
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

    /** One polling round (see {@link DeadlinePoller#pollOnce}); the number of deadlines this node executed. */
    int pollOnce() {
        return deadlinePoller.pollOnce();
    }

    // ------------------------------------------------------------------------------------------------ builder

    /**
     * Builder for a {@link MongoDeadlineManager}. Required: {@link #database}, {@link #scopeAwareProvider},
     * {@link #serializer}. Defaults: collection prefix {@code "deadline"}, {@link NoTransactionManager}, no-op spans,
     * system UTC clock, poll interval 1 s, bucket size 60 s, claim lease 5 min, 5 attempts, retry delay 10 s doubling
     * up to 10 min, skew tolerance 2 min, cursor resync every 10 min, a new {@link Lease} holder name.
     */
    public static class Builder {

        private MongoDatabase database;
        private MongoDatabase registryDatabase;
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
        private String nodeId = Lease.newHolder();

        /** The database holding the four {@code <prefix>_*} collections. */
        public Builder database(MongoDatabase database) {
            assertNonNull(database, "MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /**
         * The same database with a write concern under which a write may be acknowledged before it is durable, for the
         * bucket and scope registries (defaults to {@link #database}). Safe where the store makes writes durable in
         * the order they were made, as the embedded server does: each registry write comes before the entry write
         * that is its schedule's commit point, or after the entry write that ended it; so a crash can only take
         * back what a crash between two writes could leave anyway, references to a missing or moved entry, which
         * the poller cleans up. Do not use it with a store that may keep a later write and lose an earlier one.
         */
        public Builder registryDatabase(MongoDatabase registryDatabase) {
            assertNonNull(registryDatabase, "MongoDatabase may not be null");
            this.registryDatabase = registryDatabase;
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

        /** Identifies this node in claims ({@code owner}); defaults to {@link Lease#newHolder()}. */
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
