package org.concordia.query.support;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The collection-name generations of one projection (one processing group), so that a replay rebuilds into shadow
 * collections ({@link #writes()}, {@link #beginRebuild()}) while queries keep reading the complete old ones
 * ({@link #reads()}) until {@link #complete} switches them. Naming, the state document, the switch and crash safety:
 * docs/query-side-performance.md, "Replays keep queries served: collection generations".
 */
public final class Generations {

    public static final String COLLECTION = "projection_generations";
    static final long READ_CACHE_MILLIS = 500;
    /** How long a retired generation is kept after the switch: longer than the readers' cache and a query. */
    public static final Duration DROP_DELAY = Duration.ofSeconds(2);

    /** The generations document of one projection. */
    public record State(long serving, Long building, boolean replaySeen, Long retired, Instant retiredAt, long last) {
        static final State INITIAL = new State(0, null, false, null, null, 0);

        public boolean rebuilding() {
            return building != null;
        }

        long writing() {
            return building != null ? building : serving;
        }
    }

    /** What {@link #complete} did. */
    public enum Outcome { NOTHING, BUILDING, SWITCHED, ABANDONED, DROPPED }

    private record Index(String name, Bson keys, IndexOptions options) {
    }

    private final MongoDatabase db;
    private final String group;
    private final MongoCollection<Document> documents;
    private final Set<String> names = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Index> indexes = new CopyOnWriteArrayList<>();
    private volatile ReadModelRetention retention = ReadModelRetention.STANDARD;
    private volatile long writing = -1; // -1: not read yet
    private volatile long serving = -1;
    private volatile long servingReadAt;

    public Generations(MongoDatabase db, String group) {
        this(db, db, group);
    }

    /**
     * @param control the database of the generations document, whose writes must be durable when acknowledged
     * @param data    the database of the projection's collections (its writes may be made durable later: a
     *                projection redelivers what a crash lost)
     */
    public Generations(MongoDatabase control, MongoDatabase data, String group) {
        this.db = data;
        this.group = group;
        this.documents = control.getCollection(COLLECTION);
    }

    /** The physical collection of logical collection {@code name} in {@code generation}. */
    public static String physical(String name, long generation) {
        return generation == 0 ? name : name + "__g" + generation;
    }

    public String group() {
        return group;
    }

    /** @throws ReadModelRetention.HeldException if this projection is on legal hold (it may not be rebuilt) */
    public void checkNotHeld() {
        if (retention.onLegalHold(group)) {
            throw new ReadModelRetention.HeldException(group);
        }
    }

    /** How long replaced generations are kept, and whether this projection is on legal hold. */
    public void retention(ReadModelRetention retention) {
        this.retention = retention;
    }

    /** The logical collection names of this projection (those asked for through {@link #reads()}/{@link #writes()}). */
    public Set<String> names() {
        return new TreeSet<>(names);
    }

    /** A database whose collections are those of the generation the projection writes to. */
    public MongoDatabase writes() {
        return database(this::writingGeneration);
    }

    /** A database whose collections are those of the generation queries read. */
    public MongoDatabase reads() {
        return database(this::servingGeneration);
    }

    /** The stored state (read now, not cached). */
    public State state() {
        Document d = documents.find(eq("_id", group)).first();
        if (d == null) {
            return State.INITIAL;
        }
        Date retiredAt = d.getDate("retiredAt");
        return new State(number(d, "serving"), d.get("building") == null ? null : number(d, "building"),
                Boolean.TRUE.equals(d.getBoolean("replaySeen")), d.get("retired") == null ? null : number(d, "retired"),
                retiredAt == null ? null : retiredAt.toInstant(), number(d, "last"));
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private void store(State s) {
        documents.replaceOne(eq("_id", group), new Document("_id", group).append("serving", s.serving())
                .append("building", s.building()).append("replaySeen", s.replaySeen()).append("retired", s.retired())
                .append("retiredAt", s.retiredAt() == null ? null : Date.from(s.retiredAt()))
                .append("last", s.last()), new ReplaceOptions().upsert(true));
    }

    long writingGeneration() {
        long w = writing;
        if (w < 0) {
            w = state().writing();
            writing = w;
        }
        return w;
    }

    long servingGeneration() {
        long s = serving;
        long now = System.nanoTime();
        if (s < 0 || now - servingReadAt > TimeUnit.MILLISECONDS.toNanos(READ_CACHE_MILLIS)) {
            s = state().serving();
            serving = s;
            servingReadAt = now;
        }
        return s;
    }

    /**
     * A secondary index on the logical collection {@code name}: created now on the serving (and building)
     * generation, and on every generation a replay starts. Idempotent.
     */
    public void index(String name, Bson keys, IndexOptions options) {
        names.add(name);
        indexes.add(new Index(name, keys, options));
        State s = state();
        db.getCollection(physical(name, s.serving())).createIndex(keys, options);
        if (s.building() != null) {
            db.getCollection(physical(name, s.building())).createIndex(keys, options);
        }
    }

    /**
     * Call with the processor stopped, before its tokens are reset: writers move to a new generation (its leftovers
     * of an earlier attempt dropped, indexes created); readers stay on the serving one.
     *
     * @return the new generation
     */
    public synchronized long beginRebuild() {
        checkNotHeld();
        State s = state();
        long next = Math.max(s.last(), Math.max(s.serving(), s.building() == null ? 0 : s.building())) + 1;
        if (s.building() != null) {
            drop(s.building()); // a replay replaced before it finished
        }
        if (s.retired() != null) {
            drop(s.retired());
        }
        drop(next);
        store(new State(s.serving(), next, false, null, null, next));
        for (Index index : indexes) {
            db.getCollection(physical(index.name(), next)).createIndex(index.keys(), index.options());
        }
        writing = next;
        return next;
    }

    /** Gives up a rebuild that never started (its tokens could not be reset): writers go back to serving. */
    public synchronized void abandonRebuild() {
        State s = state();
        if (s.building() != null) {
            store(new State(s.serving(), null, false, s.retired(), s.retiredAt(), s.last()));
            drop(s.building());
        }
        writing = s.serving();
    }

    /**
     * Register on the projection's processor, before any other interceptor: at the start of every batch it decides
     * the generation the batch writes to, then hands on to {@code next} (null: none).
     */
    public MessageHandlerInterceptor<EventMessage<?>> interceptor(MessageHandlerInterceptor<EventMessage<?>> next) {
        return (unitOfWork, chain) -> {
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch)) {
                writing = writerFor(ReplayToken.isReplay(unitOfWork.getMessage()));
            } else if (batch.isFirstMessage()) {
                writing = writerFor(batch.getMessages().stream().anyMatch(ReplayToken::isReplay));
            }
            return next == null ? chain.proceed() : next.handle(unitOfWork, chain);
        };
    }

    private long writerFor(boolean replayBatch) {
        State s = state();
        if (s.building() == null || s.replaySeen()) {
            return s.writing();
        }
        if (replayBatch && documents.updateOne(and(eq("_id", group), eq("building", s.building())),
                Updates.set("replaySeen", true)).getMatchedCount() == 1) {
            return s.building();
        }
        return state().serving(); // not (yet) replaying: the tokens were never reset
    }

    /**
     * Completes a rebuild once its replay has caught up. {@code statuses} are the processor's segments as this
     * node sees them and {@code segments} how many it has: a node that does not hold them all decides nothing.
     */
    public synchronized Outcome complete(Map<Integer, EventTrackerStatus> statuses, int segments, Instant now) {
        State s = state();
        Duration keep = retention.keepReplaced(group);
        if (s.retired() != null && !retention.onLegalHold(group)
                && !now.isBefore(s.retiredAt().plus(keep.compareTo(DROP_DELAY) > 0 ? keep : DROP_DELAY))) {
            if (documents.updateOne(and(eq("_id", group), eq("retired", s.retired())),
                    Updates.combine(Updates.set("retired", null), Updates.set("retiredAt", null)))
                    .getMatchedCount() == 1) {
                drop(s.retired());
            }
            return Outcome.DROPPED;
        }
        if (s.building() == null) {
            return Outcome.NOTHING;
        }
        if (statuses.isEmpty() || statuses.size() < segments
                || statuses.values().stream().anyMatch(EventTrackerStatus::isErrorState)) {
            return Outcome.BUILDING;
        }
        if (!s.replaySeen()) {
            if (statuses.values().stream().noneMatch(EventTrackerStatus::isReplaying)) {
                abandonRebuild();
                return Outcome.ABANDONED;
            }
            return Outcome.BUILDING;
        }
        if (!statuses.values().stream().allMatch(Generations::replayDone)) {
            return Outcome.BUILDING;
        }
        long built = s.building();
        if (documents.updateOne(and(eq("_id", group), eq("building", built)), Updates.combine(
                Updates.set("serving", built), Updates.set("building", null), Updates.set("replaySeen", false),
                Updates.set("retired", s.serving()), Updates.set("retiredAt", Date.from(now)))).getMatchedCount() != 1) {
            return Outcome.BUILDING;
        }
        serving = built;
        servingReadAt = System.nanoTime();
        writing = built;
        return Outcome.SWITCHED;
    }

    /**
     * The segment has handled every event up to where its token was reset (Axon keeps reporting "replaying" until
     * the first event after that position arrives).
     */
    private static boolean replayDone(EventTrackerStatus status) {
        if (!status.isReplaying()) {
            return true;
        }
        return status.getResetPosition().isPresent() && status.getCurrentPosition().isPresent()
                && status.getCurrentPosition().getAsLong() >= status.getResetPosition().getAsLong();
    }

    private void drop(long generation) {
        for (String name : names) {
            db.getCollection(physical(name, generation)).drop();
        }
    }

    private MongoDatabase database(LongSupplier generation) {
        return (MongoDatabase) Proxy.newProxyInstance(MongoDatabase.class.getClassLoader(),
                new Class<?>[] {MongoDatabase.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getCollection")
                            && (args.length == 1 || (args.length == 2 && args[1] == Document.class))) {
                        String name = (String) args[0];
                        names.add(name);
                        return collection(name, generation);
                    }
                    if (method.getName().equals("getName") && args == null) {
                        return db.getName();
                    }
                    Object own = objectMethod(proxy, method, args, "generations of " + group + " on " + db.getName());
                    if (own != null) {
                        return own;
                    }
                    throw new UnsupportedOperationException("a projection's database gives collections only: "
                            + method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private MongoCollection<Document> collection(String name, LongSupplier generation) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    Object own = objectMethod(proxy, method, args, name + " of " + group);
                    if (own != null) {
                        return own;
                    }
                    try {
                        return method.invoke(db.getCollection(physical(name, generation.getAsLong())), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, String description) {
        if (method.getDeclaringClass() != Object.class) {
            return null;
        }
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> description;
        };
    }
}
