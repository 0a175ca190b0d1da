package org.concordia.query.support;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.Document;

/**
 * The read-model writes of one projection during one tracking batch (one Axon unit of work): documents are read
 * once per batch, changed in memory, and written back with one unordered {@code bulkWrite} of {@code replaceOne}
 * upserts (and {@code deleteOne}s) per collection, collections in the order they were declared (a projection declares its per-issue
 * working state first and its collaboration-level document last, the order its crash recovery relies on).
 * <p>
 * The flush runs when the batch's last event has been handled ({@link #interceptor()}, registered on the
 * projection's processor), i.e. before the processor stores its token in the unit of work's prepare-commit phase; if the
 * interceptor is missing it runs in prepare-commit. If the batch fails, nothing pending is written and the
 * events are delivered again: every projection is idempotent on redelivery. Outside a unit of work (plain-object
 * tests, tools) every write goes straight to MongoDB.
 * <p>
 * During a replay a batch may instead hand what it holds to the segment's next batch ({@link #deferDuringReplay},
 * {@link DeferredReplayWrites}): a replay then writes each document about once per many batches.
 */
public final class WriteBatch {

    private static final String ALL_BATCHES = WriteBatch.class.getName() + ".all";

    private final String resourceKey = WriteBatch.class.getName() + "." + UUID.randomUUID();
    private final List<Documents<?>> collections = new ArrayList<>();
    private final List<Prefetch<?>> prefetches = new ArrayList<>();
    private DeferredReplayWrites deferral; // null: every batch writes
    /** Per processor segment: what replay batches changed and did not write yet (see {@link #deferDuringReplay}). */
    private final Map<String, Carried> held = new ConcurrentHashMap<>();

    /** The documents a segment's earlier replay batches left unwritten, under the claim they were handled in. */
    private record Carried(Map<Documents<?>, Map<String, Entry<?>>> documents, long claim) {
    }

    /** Documents a batch will need, named from its events; read with one {@code $in} at its start. */
    private record Prefetch<T>(Documents<T> documents, Function<EventMessage<?>, Collection<String>> idsOf) {
        void run(List<? extends EventMessage<?>> messages) {
            Set<String> ids = new LinkedHashSet<>();
            for (EventMessage<?> message : messages) {
                ids.addAll(idsOf.apply(message));
            }
            if (!ids.isEmpty()) {
                documents.findAll(ids);
            }
        }
    }

    /**
     * During a replay, keeps what a batch changed in memory for the next batch instead of writing it, until
     * {@code deferral}'s number of documents is held or the replay reaches the position it was reset at; the
     * processor's token store must be {@link DeferredReplayWrites#tokenStore wrapped} by the same {@code deferral}.
     */
    public WriteBatch deferDuringReplay(DeferredReplayWrites deferral) {
        this.deferral = deferral;
        return this;
    }

    /** A collection of this projection whose documents are {@code T} in memory. */
    public <T> Documents<T> collection(MongoCollection<Document> collection, Function<Document, T> decode,
                                       Function<T, Document> encode) {
        Documents<T> documents = new Documents<>(this, collection, decode, encode);
        collections.add(documents);
        return documents;
    }

    /**
     * At the start of every batch, {@code documents} are read for all its events at once ({@code _id $in} of the
     * ids {@code idOf} names for the payloads; null = none), instead of one round trip per first use.
     */
    public <T> void prefetch(Documents<T> documents, Function<Object, String> idOf) {
        prefetchByMessage(documents, message -> idOf.apply(message.getPayload()));
    }

    /** The same, with the ids named from the whole messages (e.g. by an event's sequence number). */
    public <T> void prefetchByMessage(Documents<T> documents, Function<EventMessage<?>, String> idOf) {
        prefetchAll(documents, message -> {
            String id = idOf.apply(message);
            return id == null ? List.of() : List.of(id);
        });
    }

    /**
     * The same, with any number of ids per message. Prefetches run in the order they were declared, so {@code idsOf}
     * may read (through the batch, at no round trip) what an earlier prefetch loaded. Naming a document the batch will
     * not need costs only its read; one it needs and was not named is read when first used.
     */
    public <T> void prefetchAll(Documents<T> documents, Function<EventMessage<?>, Collection<String>> idsOf) {
        prefetches.add(new Prefetch<>(documents, idsOf));
    }

    /**
     * Register on the processor of this projection. At the first event of a batch of several it reads what the batch
     * will need ({@link #prefetch}); when the batch has handled its last event it writes the batch: before the processor
     * stores its token (which it registers to do first in prepare-commit), so a token never moves past unwritten
     * changes.
     */
    public MessageHandlerInterceptor<EventMessage<?>> interceptor() {
        return (unitOfWork, chain) -> {
            if (deferral != null) {
                pending(); // takes over what the segment held, even if no handler of this batch reads a document
            }
            // a batch of one event (live traffic) reads each document when it first uses it: the same one round
            // trip for a document it uses, none for one a prefetch would have named in vain
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isFirstMessage()
                && batch.getMessages().size() > 1) {
                List<EventMessage<?>> messages = new ArrayList<>();
                batch.getMessages().forEach(m -> messages.add((EventMessage<?>) m));
                prefetches.forEach(p -> p.run(messages));
            }
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                flushAll(unitOfWork.root(), true);
            }
            return result;
        };
    }

    /** One projection's part of a unit of work's write. */
    private interface Flush {
        /** Documents this projection holds in the unit of work (its changes and reads, and what it carried over). */
        int held();

        /** Writes what is pending, or keeps it for the segment's next batch. */
        void run(boolean defer);

        WriteBatch owner();

        /** What {@code run(true)} kept. */
        DeferredReplayWrites.Held kept();
    }

    private static final String FLUSHED = WriteBatch.class.getName() + ".flushed";
    private static final String DEFERRABLE = WriteBatch.class.getName() + ".deferrable";
    private static final String DEFERRAL = WriteBatch.class.getName() + ".deferral";
    private static final String SEGMENT_KEY = WriteBatch.class.getName() + ".segment";

    /**
     * Writes (or holds back) every projection's part of the unit of work, once.
     *
     * @param beforeToken called after the last event, before the processor stores its token in prepare-commit:
     *                    only then may the writes be held back (the token store must know before it is asked)
     */
    @SuppressWarnings("unchecked")
    private static void flushAll(UnitOfWork<?> root, boolean beforeToken) {
        List<Flush> flushes = (List<Flush>) root.resources().get(ALL_BATCHES);
        if (flushes == null) {
            return;
        }
        Integer flushed = (Integer) root.resources().put(FLUSHED, flushes.size());
        if (flushed != null) {
            if (flushed != flushes.size()) { // a projection wrote after the unit of work was written: a bug
                throw new IllegalStateException("a projection changed documents after its batch was written");
            }
            return;
        }
        DeferredReplayWrites deferral = root.getResource(DEFERRAL);
        String segment = root.getResource(SEGMENT_KEY);
        // every projection of the processor defers, or none does: the token it stores covers them all
        boolean defer = beforeToken && deferral != null && Boolean.TRUE.equals(root.getResource(DEFERRABLE))
                && flushes.stream().allMatch(f -> f.held() < deferral.documentsHeld());
        flushes.forEach(f -> f.run(defer));
        if (deferral != null) {
            if (defer) {
                Map<Object, DeferredReplayWrites.Held> writers = new IdentityHashMap<>();
                flushes.forEach(f -> writers.put(f.owner(), f.kept()));
                deferral.holding(segment, writers);
            } else {
                deferral.written(segment);
            }
        }
    }

    /**
     * Whether this unit of work's writes may wait for a later batch: a tracking batch of replayed events only, whose
     * token (the one the processor will store: it may be past the last message, over events no handler takes) is
     * still before the position its replay was reset at. The batch that reaches it writes everything held.
     */
    private static boolean deferrable(UnitOfWork<?> root) {
        if (!(root instanceof BatchingUnitOfWork<?> batch) || batch.getMessages().isEmpty()) {
            return false;
        }
        for (Object m : batch.getMessages()) {
            if (!(m instanceof TrackedEventMessage<?> tracked) || !(tracked.trackingToken() instanceof ReplayToken)) {
                return false;
            }
        }
        Object token = tokenOf(root);
        if (token == null) {
            token = ((TrackedEventMessage<?>) batch.getMessages().get(batch.getMessages().size() - 1)).trackingToken();
        }
        if (!(token instanceof ReplayToken replay) || replay.getTokenAtReset() == null) {
            return false; // the replay ends within this batch
        }
        OptionalLong at = replay.position();
        OptionalLong reset = replay.getTokenAtReset().position();
        return at.isPresent() && reset.isPresent() && at.getAsLong() < reset.getAsLong();
    }

    /** The token Axon's processor stores after this batch (a resource it gives the batch); null if none. */
    private static Object tokenOf(UnitOfWork<?> root) {
        for (Map.Entry<String, Object> resource : root.resources().entrySet()) {
            if (resource.getKey().startsWith("Processor[") && resource.getKey().endsWith("]/Token")) {
                return resource.getValue();
            }
        }
        return null;
    }

    /** The processor and segment of a tracking batch (from the resources Axon's processor gives it); null if none. */
    private static String segmentKey(UnitOfWork<?> root) {
        for (Map.Entry<String, Object> resource : root.resources().entrySet()) {
            String key = resource.getKey();
            if (key.startsWith("Processor[") && key.endsWith("]/SegmentId")
                    && resource.getValue() instanceof Integer segment) {
                return DeferredReplayWrites.segmentKey(key.substring("Processor[".length(),
                        key.length() - "]/SegmentId".length()), segment);
            }
        }
        return null;
    }

    /** What is pending in the current unit of work; null outside one. */
    private Map<Documents<?>, Map<String, Entry<?>>> pending() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<Documents<?>, Map<String, Entry<?>>> state = root.getResource(resourceKey);
        if (state == null) { // not computeIfAbsent: registering touches the same resource map
            String segment = deferral == null ? null : segmentKey(root);
            Carried carried = segment == null ? null : held.remove(segment);
            Map<Documents<?>, Map<String, Entry<?>>> created =
                    carried != null && carried.claim() == deferral.claim(segment)
                            ? carried.documents() : new IdentityHashMap<>();
            Flush flush = new Flush() {
                @Override
                public int held() {
                    return created.values().stream().mapToInt(Map::size).sum();
                }

                @Override
                public void run(boolean defer) {
                    if (defer) {
                        held.put(segment, new Carried(created, deferral.claim(segment)));
                    } else {
                        WriteBatch.this.flush(created);
                    }
                }

                @Override
                public WriteBatch owner() {
                    return WriteBatch.this;
                }

                @Override
                public DeferredReplayWrites.Held kept() {
                    return new DeferredReplayWrites.Held() {
                        @Override
                        public void write() {
                            Carried kept = held.remove(segment);
                            if (kept != null) {
                                WriteBatch.this.flush(kept.documents());
                            }
                        }

                        @Override
                        public void drop() {
                            held.remove(segment);
                        }
                    };
                }
            };
            root.resources().put(resourceKey, created);
            if (segment == null) {
                root.resources().put(DEFERRABLE, Boolean.FALSE);
            } else {
                root.resources().putIfAbsent(SEGMENT_KEY, segment);
                root.resources().putIfAbsent(DEFERRAL, deferral);
                root.resources().merge(DEFERRABLE, deferrable(root), (x, y) -> (Boolean) x && (Boolean) y);
            }
            root.<List<Flush>>getOrComputeResource(ALL_BATCHES, k -> new ArrayList<>()).add(flush);
            root.onPrepareCommit(u -> flushAll(root, false));
            if (segment != null) {
                root.onRollback(u -> held.remove(segment)); // a failed batch carries nothing over
            }
            state = created;
        }
        return state;
    }

    private void flush(Map<Documents<?>, Map<String, Entry<?>>> state) {
        for (Documents<?> documents : collections) {
            Map<String, Entry<?>> entries = state.get(documents);
            if (entries != null) {
                documents.write(entries);
            }
        }
        state.clear(); // the documents cached so far are now stored: a later event in this unit of work reloads
    }

    private static final class Entry<T> {
        T value;
        boolean dirty;

        Entry(T value, boolean dirty) {
            this.value = value;
            this.dirty = dirty;
        }
    }

    /** Documents of one collection, read through and written back by the batch. */
    public static final class Documents<T> {

        private final WriteBatch batch;
        private final MongoCollection<Document> collection;
        private final Function<Document, T> decode;
        private final Function<T, Document> encode;
        private Retained<T> retained; // null: every batch decodes what it reads

        private Documents(WriteBatch batch, MongoCollection<Document> collection, Function<Document, T> decode,
                          Function<T, Document> encode) {
            this.batch = batch;
            this.collection = collection;
            this.decode = decode;
            this.encode = encode;
        }

        public MongoCollection<Document> collection() {
            return collection;
        }

        /**
         * Keeps up to {@code capacity} of the documents this projection wrote, decoded, for later batches: a batch
         * then reads only the {@code version} fields of a document, and takes the kept copy instead of decoding the
         * stored one when they are equal. Sound only if the version fields determine the whole document (the
         * stored document is the kept one whenever they match, whoever wrote it). A kept document belongs to one
         * batch at a time: taken out when a batch reads it, kept again once that batch has written it; a batch that
         * fails leaves nothing kept of what it read.
         *
         * @param afterWrite brings a written value into the state {@code decode} would give of the document written
         */
        public Documents<T> retain(int capacity, List<String> version, Function<T, List<Object>> versionOf,
                                   java.util.function.Consumer<T> afterWrite) {
            this.retained = new Retained<>(capacity, version, versionOf, afterWrite);
            return this;
        }

        @SuppressWarnings("unchecked")
        private Map<String, Entry<?>> entries() {
            Map<Documents<?>, Map<String, Entry<?>>> pending = batch.pending();
            return pending == null ? null : pending.computeIfAbsent(this, d -> new LinkedHashMap<>());
        }

        /** The document as this batch sees it (its own changes included); null if there is none. */
        @SuppressWarnings("unchecked")
        public T find(String id) {
            Map<String, Entry<?>> entries = entries();
            if (entries == null) {
                return load(id);
            }
            Entry<?> entry = entries.get(id);
            if (entry == null) {
                entry = new Entry<>(load(id), false);
                entries.put(id, entry);
            }
            return (T) entry.value;
        }

        /** Several documents at once (one {@code $in} for those the batch does not hold yet); absent ones left out. */
        @SuppressWarnings("unchecked")
        public Map<String, T> findAll(Collection<String> ids) {
            Map<String, Entry<?>> entries = entries();
            Map<String, T> found = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                Entry<?> entry = entries == null ? null : entries.get(id);
                if (entry == null) {
                    missing.add(id);
                } else if (entry.value != null) {
                    found.put(id, (T) entry.value);
                }
            }
            Map<String, T> loaded = missing.isEmpty() ? Map.of() : read(missing);
            for (String id : missing) {
                T value = loaded.get(id);
                if (entries != null) {
                    entries.put(id, new Entry<>(value, false));
                }
                if (value != null) {
                    found.put(id, value);
                }
            }
            return found;
        }

        /** Stores {@code value} as the document {@code id}: at the end of the batch, or now outside a batch. */
        public void put(String id, T value) {
            Map<String, Entry<?>> entries = entries();
            if (entries == null) {
                collection.replaceOne(Filters.eq("_id", id), encode.apply(value), new ReplaceOptions().upsert(true));
                return;
            }
            entries.put(id, new Entry<>(value, true));
        }

        /** Deletes the document {@code id}: at the end of the batch, or now outside a batch. */
        public void remove(String id) {
            Map<String, Entry<?>> entries = entries();
            if (entries == null) {
                collection.deleteOne(Filters.eq("_id", id));
                return;
            }
            entries.put(id, new Entry<>(null, true));
        }

        private T load(String id) {
            if (retained != null) {
                return read(List.of(id)).get(id);
            }
            Document doc = collection.find(Filters.eq("_id", id)).first();
            return doc == null ? null : decode.apply(doc);
        }

        /** The documents {@code ids} (absent ones left out): kept copies where still current, the rest decoded. */
        private Map<String, T> read(List<String> ids) {
            Map<String, T> loaded = new HashMap<>();
            if (retained == null) {
                for (Document doc : collection.find(Filters.in("_id", ids))) {
                    loaded.put(doc.getString("_id"), decode.apply(doc));
                }
                return loaded;
            }
            String namespace = collection.getNamespace().getFullName();
            List<String> stale = new ArrayList<>();
            for (Document doc : collection.find(Filters.in("_id", ids)).projection(retained.projection)) {
                String id = doc.getString("_id");
                T kept = retained.take(namespace, id);
                if (kept != null && retained.versionOf.apply(kept).equals(retained.versionIn(doc))) {
                    loaded.put(id, kept);
                } else {
                    stale.add(id);
                }
            }
            if (!stale.isEmpty()) {
                for (Document doc : collection.find(Filters.in("_id", stale))) {
                    loaded.put(doc.getString("_id"), decode.apply(doc));
                }
            }
            return loaded;
        }

        @SuppressWarnings("unchecked")
        private void write(Map<String, Entry<?>> entries) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            Map<String, T> written = retained == null ? null : new LinkedHashMap<>();
            ReplaceOptions upsert = new ReplaceOptions().upsert(true);
            entries.forEach((id, entry) -> {
                if (entry.dirty && entry.value == null) {
                    writes.add(new DeleteOneModel<>(Filters.eq("_id", id)));
                } else if (entry.dirty) {
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), encode.apply((T) entry.value), upsert));
                    if (written != null) {
                        written.put(id, (T) entry.value);
                    }
                }
            });
            for (int from = 0; from < writes.size(); from += 1000) {
                collection.bulkWrite(writes.subList(from, Math.min(from + 1000, writes.size())),
                        new BulkWriteOptions().ordered(false));
            }
            if (written != null && !written.isEmpty()) {
                String namespace = collection.getNamespace().getFullName();
                written.forEach((id, value) -> {
                    retained.afterWrite.accept(value);
                    retained.keep(namespace, id, value);
                });
            }
        }
    }

    /** Decoded documents kept across batches (see {@link Documents#retain}), least recently kept dropped first. */
    private static final class Retained<T> {
        private final int capacity;
        private final List<String> version;
        private final Document projection;
        private final Function<T, List<Object>> versionOf;
        private final java.util.function.Consumer<T> afterWrite;
        private final LinkedHashMap<String, T> kept = new LinkedHashMap<>(16, 0.75f, true);

        Retained(int capacity, List<String> version, Function<T, List<Object>> versionOf,
                 java.util.function.Consumer<T> afterWrite) {
            this.capacity = capacity;
            this.version = List.copyOf(version);
            this.versionOf = versionOf;
            this.afterWrite = afterWrite;
            this.projection = new Document("_id", 1);
            version.forEach(field -> projection.append(field, 1));
        }

        List<Object> versionIn(Document doc) {
            List<Object> values = new ArrayList<>(version.size());
            version.forEach(field -> values.add(doc.get(field)));
            return values;
        }

        synchronized T take(String namespace, String id) {
            return kept.remove(namespace + "|" + id);
        }

        synchronized void keep(String namespace, String id, T value) {
            kept.put(namespace + "|" + id, value);
            if (kept.size() > capacity) {
                java.util.Iterator<String> eldest = kept.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }
}
