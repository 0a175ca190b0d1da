package org.concordia.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;

/**
 * An Axon event storage engine on the plain MongoDB driver: one document per commit (all events of a unit of work),
 * global positions from a counter, optimistic concurrency through a unique index on stream keys, gap-aware tracking
 * in position order, every hot path a key lookup. How and why: {@code docs/event-store.md}.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine implements CommitLog {

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    static final String COUNTER_ID = "event-position";
    static final String COUNTERS = "event_counters";
    /**
     * The position counter can be rebuilt from the commits (see {@link CommitCollection#resynchroniseCounter}), so a
     * store may defer making its updates durable until the commit insert that follows.
     */
    public static final Set<String> REBUILDABLE_COLLECTIONS = Set.of(COUNTERS);

    private final CommitCollection commits;
    private final MongoCollection<Document> snapshots;
    private final Clock clock;
    private final GapAwareTracking tracking;
    private final AggregateStreams streams;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        this.commits = new CommitCollection(builder.database, builder.collectionPrefix);
        this.snapshots = builder.database.getCollection(builder.collectionPrefix + "snapshots");
        this.clock = builder.clock;
        this.tracking = new GapAwareTracking(commits, builder.clock, builder.gapTimeout, builder.maxGapOffset);
        this.streams = new AggregateStreams(commits);
        if (builder.createIndexes) {
            ensureIndexes();
        }
        commits.resynchroniseCounter(Math.max(1, commits.allocatedHead() - 255));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Idempotent: MongoDB ignores a {@code createIndex} for an index that already exists with the same spec. */
    public final void ensureIndexes() {
        commits.ensureIndexes();
    }

    // ------------------------------------------------------------------ append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            long last = commits.allocate(events.size());
            long first = last - events.size() + 1;
            try {
                commits.insert(CommitDocument.of(first, clock.instant(), events, serializer));
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 && isDuplicatePosition(e)) {
                    // The counter is behind the stored commits (e.g. a restored backup): catch up and retry.
                    commits.resynchroniseCounter(Math.max(1, first - 255));
                    continue;
                }
                fillWithVoid(first, last, e);
                handlePersistenceException(e, events.get(0));
                return;
            }
        }
    }

    /**
     * Marks a failed commit's positions as void so that readers need not wait for them. If the failed insert did
     * in fact reach the server, the void insert fails on {@code _id}, and the real commit stands.
     */
    private void fillWithVoid(long first, long last, RuntimeException cause) {
        try {
            commits.insert(CommitDocument.voidCommit(first, last, clock.instant()));
        } catch (RuntimeException voidFailure) {
            cause.addSuppressed(voidFailure);
            log.warn("Could not void positions {}..{} after a failed commit; readers pass them after the gap timeout",
                     first, last);
        }
    }

    /**
     * Stores each event as a commit of its own (as one command per unit of work writes them), many commits per
     * insert, at positions allocated in one block: for importing a history, and for benchmarks that need a large
     * store quickly. Stream keys are checked as always, so an event that clashes with a stored one fails its batch.
     */
    public void importOneEventPerCommit(List<? extends EventMessage<?>> events, int insertBatch) {
        if (events.isEmpty()) {
            return;
        }
        long position = commits.allocate(events.size()) - events.size() + 1;
        List<Document> batch = new ArrayList<>(insertBatch);
        for (EventMessage<?> event : events) {
            batch.add(CommitDocument.of(position++, clock.instant(), List.of(event), getEventSerializer()));
            if (batch.size() == insertBatch) {
                commits.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            commits.insertMany(batch);
        }
    }

    /** The size in bytes of the document that stores {@code event} as a commit of its own. */
    public int storedSize(EventMessage<?> event) {
        Document commit = CommitDocument.of(1, clock.instant(), List.of(event), getEventSerializer());
        return new RawBsonDocument(commit, new DocumentCodec()).getByteBuffer().remaining();
    }

    // ------------------------------------------------------------------ snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document existing = snapshots.find(eq("_id", snapshot.getAggregateIdentifier())).first();
        if (existing != null && existing.get(CommitDocument.SEQUENCE, Number.class).longValue()
                                 >= snapshot.getSequenceNumber()) {
            return;
        }
        snapshots.replaceOne(eq("_id", snapshot.getAggregateIdentifier()),
                             CommitDocument.snapshot(snapshot, serializer),
                             new ReplaceOptions().upsert(true));
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(eq("_id", aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(CommitDocument.toSnapshotEntry(snapshot));
    }

    // ------------------------------------------------------------------ aggregate streams

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        return streams.read(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        return streams.batch(aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return streams.lastSequenceNumber(aggregateIdentifier);
    }

    // ------------------------------------------------------------------ tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return tracking.fetch(lastToken, batchSize);
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        return GapAwareTrackingToken.newInstance(commits.allocatedHead(), List.of());
    }

    /**
     * The token just before the first commit stamped at or after {@code dateTime}, found by bisecting positions
     * (commit times follow allocation order up to the clock skew between writers).
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 0;
        long high = commits.allocatedHead();
        while (low < high) {
            long mid = low + (high - low + 1) / 2;
            Document commit = firstCommitAtOrAfter(mid, high);
            if (commit == null || !CommitDocument.committedAt(commit).isBefore(dateTime)) {
                high = mid - 1;
            } else {
                low = CommitDocument.lastPosition(commit);
            }
        }
        return low == 0 ? null : GapAwareTrackingToken.newInstance(low, List.of());
    }

    private Document firstCommitAtOrAfter(long position, long limit) {
        for (long from = position; from <= limit; from += 64) {
            TreeMap<Long, Document> window = commits.startingIn(from, Math.min(from + 63, limit));
            if (!window.isEmpty()) {
                return window.firstEntry().getValue();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ the commit log

    @Override
    public long headPosition() {
        return commits.allocatedHead();
    }

    @Override
    public NavigableMap<Long, StoredCommit> commitsStartingIn(long from, long to) {
        TreeMap<Long, StoredCommit> stored = new TreeMap<>();
        commits.startingIn(from, to).forEach((first, commit) -> stored.put(first, CommitDocument.toStored(commit)));
        return stored;
    }

    @Override
    public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
        List<TrackedEventData<?>> entries = new ArrayList<>();
        commits.covering(positions).forEach((position, commit) -> {
            List<Document> events = CommitDocument.events(commit);
            int offset = (int) (position - CommitDocument.firstPosition(commit));
            if (offset < events.size()) {
                entries.add(CommitDocument.trackedEntry(events.get(offset),
                                                        GapAwareTrackingToken.newInstance(position, List.of())));
            }
        });
        return EventUtils.upcastAndDeserializeTrackedEvents(entries.stream(), getEventSerializer(), upcasterChain)
                         .toList();
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readFrom(long afterPosition) {
        return readEvents(afterPosition < 1 ? null : GapAwareTrackingToken.newInstance(afterPosition, List.of()), false);
    }

    // ------------------------------------------------------------------ builder

    public static class Builder extends BatchingEventStorageEngine.Builder {
        private MongoDatabase database;
        private String collectionPrefix = "";
        private Clock clock = Clock.systemUTC();
        private Duration gapTimeout = Duration.ofSeconds(10);
        private int maxGapOffset = 10_000;
        private boolean createIndexes = true;

        Builder() {
            persistenceExceptionResolver(MongoEventStorageEngine::isDuplicateKey);
        }

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        /** Lets several stores share a database (used by the benchmark and tests). */
        public Builder collectionPrefix(String collectionPrefix) {
            this.collectionPrefix = collectionPrefix;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long a position that was allocated but never written holds back delivery. */
        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = gapTimeout;
            return this;
        }

        public Builder maxGapOffset(int maxGapOffset) {
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        public Builder createIndexes(boolean createIndexes) {
            this.createIndexes = createIndexes;
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(org.axonframework.serialization.upcasting.event.EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver resolver) {
            super.persistenceExceptionResolver(resolver);
            return this;
        }

        @Override
        protected void validate() {
            super.validate();
            if (database == null) {
                throw new org.axonframework.common.AxonConfigurationException("a MongoDatabase is required");
            }
        }

        public MongoEventStorageEngine build() {
            validate();
            return new MongoEventStorageEngine(this);
        }
    }

    private static boolean isDuplicatePosition(Exception exception) {
        return exception instanceof MongoWriteException writeException
               && writeException.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
               && !isDuplicateKey(exception);
    }

    /** A duplicate stream key means another writer took that sequence number first. */
    static boolean isDuplicateKey(Exception exception) {
        return exception instanceof MongoWriteException writeException
               && writeException.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
               && String.valueOf(writeException.getError().getMessage()).contains(CommitCollection.STREAMS_INDEX);
    }
}
