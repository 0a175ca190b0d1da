package org.concordia.infra.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * An Axon event storage engine on the plain MongoDB driver, built so that an audit product can stand on it.
 *
 * <p><b>Commits.</b> All events of one unit of work are written as a single document (a <i>commit</i>), so they
 * are stored whole or not at all on any MongoDB, with or without transactions. Its {@code _id} is the global
 * position of its first event; its events occupy a block of consecutive positions allocated from a counter
 * ({@code $inc}) just before the insert, so positions follow the order of allocation, never wall-clock time.
 *
 * <p><b>Concurrency.</b> Every domain event contributes a stream key {@code "<aggregateId>#<sequence>"} to the
 * commit's {@code streams} array, which carries a unique (multikey) index. Two commits that claim the same
 * sequence number of an aggregate cannot both exist: the loser gets Axon's {@code ConcurrencyException}
 * (or {@code AggregateStreamCreationException} for sequence 0). Its allocated positions are then filled with a
 * <i>void</i> commit so readers do not have to wait for them.
 *
 * <p><b>Reads are key lookups.</b> Loading an aggregate asks for a batch of stream keys with {@code $in};
 * tracking asks for a window of positions with {@code $in} on {@code _id}. Both are exact-key index lookups,
 * the only kind the embedded server supports and the fastest kind on a real MongoDB.
 *
 * <p><b>Gap-aware, in-order tracking.</b> A position that is allocated but not yet visible (a commit in flight)
 * holds back delivery of later positions, so processors see events in position order. A position that stays
 * missing longer than {@code gapTimeout} (a writer that crashed after allocating) is passed over; it stays in the
 * {@link GapAwareTrackingToken}'s gaps, so if it does appear later it is still delivered, until it falls more
 * than {@code maxGapOffset} positions behind.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);

    static final String COUNTER_ID = "event-position";
    static final String COUNTERS = "event_counters";
    /**
     * The position counter can be rebuilt from the commits (see {@link #resynchroniseCounter}), so a store may defer
     * making its updates durable until the commit insert that follows.
     */
    public static final Set<String> REBUILDABLE_COLLECTIONS = Set.of(COUNTERS);
    private static final String STREAMS_INDEX = "streams_unique";
    private static final int FIRST_AGGREGATE_BATCH = 128;
    private static final int MAX_AGGREGATE_BATCH = 1024;

    private final MongoCollection<Document> commits;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counters;
    private final Clock clock;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    /** When this node saw which positions allocated: the basis for deciding that a writer has crashed. */
    private final TreeMap<Instant, Long> allocationObservations = new TreeMap<>();

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        this.commits = builder.database.getCollection(builder.collectionPrefix + "event_commits");
        this.snapshots = builder.database.getCollection(builder.collectionPrefix + "snapshots");
        this.counters = builder.database.getCollection(builder.collectionPrefix + COUNTERS);
        this.clock = builder.clock;
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        if (builder.createIndexes) {
            ensureIndexes();
        }
        resynchroniseCounter(Math.max(1, allocatedHead() - 255));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Idempotent: MongoDB ignores a {@code createIndex} for an index that already exists with the same spec. */
    public final void ensureIndexes() {
        commits.createIndex(Indexes.ascending(CommitDocument.STREAMS),
                            new IndexOptions().name(STREAMS_INDEX).unique(true).sparse(true));
    }

    // ------------------------------------------------------------------ append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            long last = allocate(events.size());
            long first = last - events.size() + 1;
            try {
                commits.insertOne(CommitDocument.of(first, clock.instant(), events, serializer));
                return;
            } catch (RuntimeException e) {
                if (attempt == 1 && isDuplicatePosition(e)) {
                    // The counter is behind the stored commits (e.g. a restored backup): catch up and retry.
                    resynchroniseCounter(Math.max(1, first - 255));
                    continue;
                }
                fillWithVoid(first, last, e);
                handlePersistenceException(e, events.get(0));
                return;
            }
        }
    }

    /**
     * Moves the position counter past every stored commit found from {@code from} on. Normally a no-op; it matters
     * after a backup restore or a hand edit left the counter behind, which would otherwise make new commits overlap
     * old ones.
     */
    private void resynchroniseCounter(long from) {
        long next = from;
        while (true) {
            long highest = -1;
            for (Document commit : readCommits(next, 256)) {
                highest = Math.max(highest, CommitDocument.lastPosition(commit));
            }
            if (highest < 0) {
                break;
            }
            next = highest + 1;
        }
        if (next - 1 > allocatedHead()) {
            counters.updateOne(eq("_id", COUNTER_ID), Updates.max("value", next - 1), new UpdateOptions().upsert(true));
            log.warn("Position counter was behind the stored commits; moved it to {}", next - 1);
        }
    }

    /** Reserves {@code count} consecutive positions and returns the last one. */
    private long allocate(int count) {
        Document counter = counters.findOneAndUpdate(
                eq("_id", COUNTER_ID),
                Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return counter.get("value", Number.class).longValue();
    }

    /**
     * Marks a failed commit's positions as void so that readers need not wait for them. If the failed insert did
     * in fact reach the server, the void insert fails on {@code _id}, and the real commit stands.
     */
    private void fillWithVoid(long first, long last, RuntimeException cause) {
        try {
            commits.insertOne(CommitDocument.voidCommit(first, last, clock.instant()));
        } catch (RuntimeException voidFailure) {
            cause.addSuppressed(voidFailure);
            log.warn("Could not void positions {}..{} after a failed commit; readers pass them after the gap timeout",
                     first, last);
        }
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
        return StreamSupport.stream(new AggregateStreamSpliterator(aggregateIdentifier, firstSequenceNumber), false);
    }

    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        return fetchAggregateBatch(aggregateIdentifier, firstSequenceNumber, batchSize);
    }

    /**
     * The contiguous run of the aggregate's events from {@code firstSequenceNumber}, looking up {@code batchSize}
     * stream keys at once; it may return more than {@code batchSize} events when a commit carries more.
     */
    List<GenericDomainEventEntry<String>> fetchAggregateBatch(String aggregateIdentifier,
                                                             long firstSequenceNumber, int batchSize) {
        List<String> keys = new ArrayList<>(batchSize);
        for (long seq = firstSequenceNumber; seq < firstSequenceNumber + batchSize; seq++) {
            keys.add(CommitDocument.streamKey(aggregateIdentifier, seq));
        }
        TreeMap<Long, GenericDomainEventEntry<String>> bySequence = new TreeMap<>();
        for (Document commit : commits.find(in(CommitDocument.STREAMS, keys))) {
            for (GenericDomainEventEntry<String> entry : CommitDocument.domainEntriesOf(commit, aggregateIdentifier)) {
                if (entry.getSequenceNumber() >= firstSequenceNumber) {
                    bySequence.put(entry.getSequenceNumber(), entry);
                }
            }
        }
        List<GenericDomainEventEntry<String>> run = new ArrayList<>(bySequence.size());
        long expected = firstSequenceNumber;
        for (GenericDomainEventEntry<String> entry : bySequence.values()) {
            if (entry.getSequenceNumber() != expected) {
                break;
            }
            run.add(entry);
            expected++;
        }
        return run;
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        if (!streamKeyExists(aggregateIdentifier, 0)) {
            return Optional.empty();
        }
        // Gallop to a missing sequence number, then bisect: O(log n) key lookups.
        long present = 0;
        long probe = 1;
        while (streamKeyExists(aggregateIdentifier, probe)) {
            present = probe;
            probe = probe * 2 + 1;
        }
        long absent = probe;
        while (absent - present > 1) {
            long mid = present + (absent - present) / 2;
            if (streamKeyExists(aggregateIdentifier, mid)) {
                present = mid;
            } else {
                absent = mid;
            }
        }
        return Optional.of(present);
    }

    private boolean streamKeyExists(String aggregateIdentifier, long sequence) {
        return commits.find(eq(CommitDocument.STREAMS, CommitDocument.streamKey(aggregateIdentifier, sequence)))
                      .projection(new Document("_id", 1)).first() != null;
    }

    // ------------------------------------------------------------------ tracking

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken start = asGapAware(lastToken);
        long index = start == null ? 0 : start.getIndex();
        SortedSet<Long> gaps = start == null ? new TreeSet<>() : start.getGaps();

        List<Long> wanted = new ArrayList<>(gaps);
        long windowEnd = index + batchSize;
        for (long position = index + 1; position <= windowEnd; position++) {
            wanted.add(position);
        }
        TreeMap<Long, Document> found = new TreeMap<>();
        commits.find(in("_id", wanted)).forEach(commit -> found.put(CommitDocument.firstPosition(commit), commit));

        Delivery delivery = new Delivery(start);
        // Late arrivals first: commits that were passed over as gaps and have now appeared.
        for (Long gap : gaps) {
            Document late = found.remove(gap);
            if (late != null) {
                log.warn("Commit at position {} became visible after the gap timeout; delivering it late", gap);
                delivery.add(late);
            }
        }
        long position = index + 1;
        long expiredUpTo = Long.MIN_VALUE;
        boolean headObserved = false;
        while (true) {
            if (position > windowEnd) {
                if (!delivery.isEmpty()) {
                    break; // a full batch: the next fetch goes on from here
                }
                // Nothing to deliver yet (void commits, or positions abandoned by a crashed writer): look further.
                windowEnd = position + batchSize - 1;
                List<Long> next = new ArrayList<>(batchSize);
                for (long p = position; p <= windowEnd; p++) {
                    next.add(p);
                }
                commits.find(in("_id", next)).forEach(c -> found.put(CommitDocument.firstPosition(c), c));
            }
            Document commit = found.get(position);
            if (commit != null) {
                delivery.add(commit);
                position = CommitDocument.lastPosition(commit) + 1;
                continue;
            }
            if (!headObserved) {
                // A hole: is the position allocated (a commit in flight or a crashed writer) or just not yet used?
                long head = allocatedHead();
                expiredUpTo = observeAllocatedHead(head);
                headObserved = true;
                if (position > head) {
                    break;
                }
            }
            if (position > expiredUpTo) {
                break; // a commit in flight: wait for it, to deliver in position order
            }
            log.warn("Position {} was allocated over {} ago and never written; passing it", position, gapTimeout);
            position++; // the next delivered position moves the token past it and keeps it as a gap
        }
        return delivery.entries();
    }

    /**
     * Records that every position up to {@code head} is allocated now, and returns the highest position that has
     * been allocated for at least the gap timeout: a writer that has not made it visible by then is taken to have
     * crashed. Observations use this node's clock only, so clock skew between writers does not matter.
     */
    private long observeAllocatedHead(long head) {
        Instant now = clock.instant();
        synchronized (allocationObservations) {
            allocationObservations.merge(now, head, Math::max);
            Map.Entry<Instant, Long> oldEnough = allocationObservations.floorEntry(now.minus(gapTimeout));
            if (oldEnough == null) {
                return Long.MIN_VALUE;
            }
            allocationObservations.headMap(oldEnough.getKey(), false).clear();
            return oldEnough.getValue();
        }
    }

    private long allocatedHead() {
        Document counter = counters.find(eq("_id", COUNTER_ID)).first();
        return counter == null ? 0 : counter.get("value", Number.class).longValue();
    }

    private static GapAwareTrackingToken asGapAware(TrackingToken token) {
        if (token == null || token instanceof GapAwareTrackingToken) {
            return (GapAwareTrackingToken) token;
        }
        throw new IllegalArgumentException("Unsupported token type " + token.getClass().getName()
                                           + "; this engine tracks with GapAwareTrackingToken");
    }

    /** Builds the delivered batch, giving each event the token a processor stores after handling it. */
    private final class Delivery {
        private GapAwareTrackingToken token;
        private final List<TrackedEventData<?>> entries = new ArrayList<>();

        Delivery(GapAwareTrackingToken start) {
            this.token = start == null ? GapAwareTrackingToken.newInstance(0, List.of()) : start;
        }

        void add(Document commit) {
            long first = CommitDocument.firstPosition(commit);
            List<Document> events = CommitDocument.events(commit);
            long last = CommitDocument.lastPosition(commit);
            for (long position = first; position <= last; position++) {
                int offset = (int) (position - first);
                advance(position);
                if (offset < events.size()) {
                    entries.add(CommitDocument.trackedEntry(events.get(offset), token));
                }
            }
        }

        private void advance(long position) {
            if (position > token.getIndex() || token.getGaps().contains(position)) {
                token = token.advanceTo(position, maxGapOffset);
            }
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        List<TrackedEventData<?>> entries() {
            return entries;
        }
    }

    // ------------------------------------------------------------------ tokens

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    @Override
    public TrackingToken createHeadToken() {
        return GapAwareTrackingToken.newInstance(allocatedHead(), List.of());
    }

    /**
     * The token just before the first commit stamped at or after {@code dateTime}, found by bisecting positions
     * (commit times follow allocation order up to the clock skew between writers).
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 0;
        long high = allocatedHead();
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
            List<Long> ids = new ArrayList<>(64);
            for (long p = from; p < from + 64 && p <= limit; p++) {
                ids.add(p);
            }
            Document first = null;
            for (Document commit : commits.find(in("_id", ids))) {
                if (first == null || CommitDocument.firstPosition(commit) < CommitDocument.firstPosition(first)) {
                    first = commit;
                }
            }
            if (first != null) {
                return first;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ raw access for the audit side

    /**
     * The commits whose first positions lie in {@code [fromPosition, fromPosition + count)}, in position order,
     * as stored (void commits included). For readers that need the raw, position-ordered record.
     */
    public List<Document> readCommits(long fromPosition, int count) {
        List<Long> ids = new ArrayList<>(count);
        for (long p = fromPosition; p < fromPosition + count; p++) {
            ids.add(p);
        }
        List<Document> result = new ArrayList<>();
        commits.find(in("_id", ids)).forEach(result::add);
        result.sort(Comparator.comparingLong(CommitDocument::firstPosition));
        return result;
    }

    /**
     * The events at the given global positions, upcast and deserialised, in position order; positions that hold no
     * event are left out. Each position is found by key: the commit starting there, or else the commit starting
     * shortly before it that covers it.
     */
    public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
        TreeSet<Long> wanted = new TreeSet<>(positions);
        TreeMap<Long, Document> commitsByFirst = new TreeMap<>();
        commits.find(in("_id", new ArrayList<>(wanted))).forEach(c -> commitsByFirst.put(CommitDocument.firstPosition(c), c));
        for (int lookBack = 16; lookBack <= 4096; lookBack *= 4) {
            List<Long> uncovered = wanted.stream().filter(p -> covering(commitsByFirst, p) == null).toList();
            if (uncovered.isEmpty()) {
                break;
            }
            TreeSet<Long> candidates = new TreeSet<>();
            for (long position : uncovered) {
                for (long p = Math.max(1, position - lookBack); p < position; p++) {
                    candidates.add(p);
                }
            }
            commits.find(in("_id", new ArrayList<>(candidates)))
                   .forEach(c -> commitsByFirst.put(CommitDocument.firstPosition(c), c));
        }
        List<TrackedEventData<?>> entries = new ArrayList<>();
        for (long position : wanted) {
            Document commit = covering(commitsByFirst, position);
            if (commit == null) {
                continue;
            }
            List<Document> events = CommitDocument.events(commit);
            int offset = (int) (position - CommitDocument.firstPosition(commit));
            if (offset < events.size()) {
                entries.add(CommitDocument.trackedEntry(events.get(offset),
                                                        GapAwareTrackingToken.newInstance(position, List.of())));
            }
        }
        return EventUtils.upcastAndDeserializeTrackedEvents(entries.stream(), getEventSerializer(), upcasterChain)
                         .toList();
    }

    private static Document covering(TreeMap<Long, Document> commitsByFirst, long position) {
        Map.Entry<Long, Document> candidate = commitsByFirst.floorEntry(position);
        return candidate != null && CommitDocument.lastPosition(candidate.getValue()) >= position
                ? candidate.getValue() : null;
    }

    /** The highest position allocated so far (some of the last ones may still be in flight). */
    public long headPosition() {
        return allocatedHead();
    }

    // ------------------------------------------------------------------ aggregate stream reading

    /** Reads an aggregate's events in doubling batches of stream-key lookups until the run ends. */
    private final class AggregateStreamSpliterator extends java.util.Spliterators.AbstractSpliterator<DomainEventData<?>> {
        private final String aggregateIdentifier;
        private long nextSequence;
        private int batch = FIRST_AGGREGATE_BATCH;
        private java.util.Iterator<GenericDomainEventEntry<String>> current = java.util.Collections.emptyIterator();
        private boolean exhausted;

        AggregateStreamSpliterator(String aggregateIdentifier, long firstSequenceNumber) {
            super(Long.MAX_VALUE, ORDERED | NONNULL);
            this.aggregateIdentifier = aggregateIdentifier;
            this.nextSequence = firstSequenceNumber;
        }

        @Override
        public boolean tryAdvance(java.util.function.Consumer<? super DomainEventData<?>> action) {
            if (!current.hasNext()) {
                if (exhausted) {
                    return false;
                }
                List<GenericDomainEventEntry<String>> run = fetchAggregateBatch(aggregateIdentifier, nextSequence, batch);
                exhausted = run.size() < batch;
                if (!run.isEmpty()) {
                    nextSequence = run.get(run.size() - 1).getSequenceNumber() + 1;
                }
                batch = Math.min(batch * 2, MAX_AGGREGATE_BATCH);
                current = run.iterator();
                if (!current.hasNext()) {
                    return false;
                }
            }
            action.accept(current.next());
            return true;
        }
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
               && String.valueOf(writeException.getError().getMessage()).contains(STREAMS_INDEX);
    }
}
