package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-process MongoDB-wire server persisting to an H2 MVStore file in a data directory, so that one
 * command starts a working system. The stock H2 backend commits in the background (acknowledged writes
 * were lost on a hard kill); this one commits the store before a write command is acknowledged, unless the write
 * asks for no journal ({@code writeConcern: {j: false}}): such writes (read models and tracking tokens, which their
 * owners rebuild or redeliver after a crash) are made durable by the next journaled write or by the flusher, at
 * most {@link Settings#flushInterval()} later, always between two write commands.
 * <p>
 * Space: the store reuses the space of dead chunks after {@link Settings#retention()} (MVStore's default of 45 s kept
 * every chunk written in the last 45 s, so the file grew by the write rate times 45 s and, with a commit per
 * write, never caught up); {@link StoreMaintenance} compacts it between write commands and fsyncs it once per
 * interval in which something was committed, and a file that is mostly dead chunks is compacted at start. Pages are
 * written LZF-compressed: the documents (JSON-like BSON: field names, identifiers and prose repeated within a page)
 * take about a quarter of their size, and so does every chunk a commit writes. Pages written uncompressed, by earlier
 * releases, are read as they are (MVStore marks each compressed page), so existing files open unchanged and are
 * compressed page by page as they are rewritten.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    public static final String STORE_FILE = "concordia.mv.db";

    /**
     * @param cacheSizeMb   MVStore page cache
     * @param retention     how long a dead chunk's space is kept before it may be overwritten
     * @param flushInterval how often unjournaled writes are committed and the file is fsynced
     * @param cursorTimeout how long a cursor may go without a {@code getMore} before it is closed ({@link IdleCursors})
     */
    public record Settings(int cacheSizeMb, Duration retention, Duration flushInterval, Duration cursorTimeout) {
        /** Twice the flush interval: a dead chunk is not reused before the commit that replaced it is fsynced. */
        public static final Duration DEFAULT_RETENTION = Duration.ofMillis(500);
        public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(250);

        /** With MongoDB's cursor timeout of 10 minutes. */
        public Settings(int cacheSizeMb, Duration retention, Duration flushInterval) {
            this(cacheSizeMb, retention, flushInterval, IdleCursors.DEFAULT_TIMEOUT);
        }

        public static Settings defaults(int cacheSizeMb) {
            return new Settings(cacheSizeMb, DEFAULT_RETENTION, DEFAULT_FLUSH_INTERVAL);
        }
    }

    private final DurableH2Backend backend;
    private final ScheduledExecutorService flusher;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path dataDirectory;
    private final Path storeFile;

    private EmbeddedMongoServer(Path dataDirectory, Settings settings, Set<String> rebuildableCollections,
                                String host, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        this.dataDirectory = dataDirectory;
        this.storeFile = dataDirectory.resolve(STORE_FILE);
        MVStore store = open(storeFile, settings);
        DurableH2Backend opened = new DurableH2Backend(store, rebuildableCollections, settings.cursorTimeout());
        if (opened.maintenance.compactAtStart(Duration.ofMinutes(5)) != null && store.isClosed()) {
            // a failed compaction closes the store; what it had committed is intact: serve it uncompacted
            store = open(storeFile, settings);
            opened = new DurableH2Backend(store, rebuildableCollections, settings.cursorTimeout());
        }
        this.backend = opened;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "embedded-mongo-flusher");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.flushInterval().toMillis();
        flusher.scheduleWithFixedDelay(backend.maintenance::run, every, every, TimeUnit.MILLISECONDS);
        long sweep = backend.idleCursors.sweepInterval().toMillis();
        flusher.scheduleWithFixedDelay(backend.idleCursors::closeIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        this.server = new MongoServer(backend);
        server.bind(host, port);
        this.address = server.getLocalAddress();
        log.info("Embedded MongoDB-wire server on {} persisting to {}", address, storeFile.toAbsolutePath());
        // said once here instead of a WARN per index (mongo-java-server's log level for it is raised in application.yml)
        log.info("The embedded server keeps unique indexes only: other secondary indexes are accepted and not built "
                 + "(queries on those fields scan); use a real MongoDB replica set for large data");
    }

    private static MVStore open(Path storeFile, Settings settings) {
        MVStore store = new MVStore.Builder()
                .fileName(storeFile.toString())
                .cacheSize(settings.cacheSizeMb())
                .autoCommitDisabled() // no background thread: StoreMaintenance does its work under our lock
                .compress() // LZF per page: documents are JSON-like BSON, about a quarter of their size (issue 16)
                .open();
        store.setRetentionTime((int) settings.retention().toMillis());
        return store;
    }

    /** Starts a server on a free loopback port. */
    public static EmbeddedMongoServer start(Path dataDirectory, int cacheSizeMb) {
        return start(dataDirectory, cacheSizeMb, Set.of());
    }

    /**
     * @param rebuildableCollections collections whose writes need not be on disk when acknowledged, because their
     *                               owner rebuilds them after a crash; they are made durable by the next write
     *                               to any other collection (the event store's position counter: one disk commit
     *                               per append instead of two)
     */
    public static EmbeddedMongoServer start(Path dataDirectory, int cacheSizeMb, Set<String> rebuildableCollections) {
        return start(dataDirectory, Settings.defaults(cacheSizeMb), rebuildableCollections);
    }

    public static EmbeddedMongoServer start(Path dataDirectory, Settings settings, Set<String> rebuildableCollections) {
        return new EmbeddedMongoServer(dataDirectory, settings, rebuildableCollections, "127.0.0.1", 0);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public Path storeFile() {
        return storeFile;
    }

    /**
     * The store file as MVStore sees it.
     *
     * @param fileBytes the file's length
     * @param liveBytes bytes of live pages (file × share of blocks in use × share of those holding live pages)
     * @param commits   store commits since this server started
     * @param writtenBytes bytes written to the file since this server started
     * @param longestMaintenancePauseMillis the longest time maintenance (flush, compaction) held the writers off
     */
    public record StoreStats(long fileBytes, long liveBytes, long commits, long writtenBytes,
                             long longestMaintenancePauseMillis) {
    }

    public StoreStats storeStats() {
        MVStore store = backend.getMvStore();
        long size = store.getFileStore().size();
        long live = size * store.getFileStore().getFillRate() / 100 * store.getFileStore().getChunksFillRate() / 100;
        long[] written = {0};
        store.getFileStore().populateInfo((key, value) -> {
            if (key.equals("info.FILE_WRITE_BYTES")) {
                written[0] = Long.parseLong(value);
            }
        });
        return new StoreStats(size, live, backend.commits.get(), written[0],
                backend.maintenance.longestPauseNanos.get() / 1_000_000);
    }

    /**
     * A backup taken while serving.
     *
     * @param directory    where it is: the store file and the data directory's other files (keys)
     * @param storeBytes   the store file's length
     * @param pausedMillis how long writes waited for it (reads never do)
     * @param totalMillis  how long it took
     */
    public record Backup(Path directory, long storeBytes, long pausedMillis, long totalMillis) {
    }

    /**
     * Writes a consistent copy of the data directory into {@code directory} (created; an existing copy there is
     * replaced) while the server keeps serving: writes wait only while the copy's starting point is fixed.
     */
    public synchronized Backup backupTo(Path directory) throws IOException {
        StoreBackup.Result result = StoreBackup.copy(backend.getMvStore(), storeFile, backend.writers(),
                backend::commitAndCount, directory);
        StoreBackup.copyOtherFiles(dataDirectory, storeFile, directory);
        return new Backup(directory, result.bytes(), result.pausedMillis(), result.totalMillis());
    }

    /**
     * The same for a data directory no server has open (the store file is locked while one has): opens it, copies
     * it, closes it.
     */
    public static Backup backupOffline(Path dataDirectory, Path directory) throws IOException {
        Path file = dataDirectory.resolve(STORE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no store file " + file);
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        try {
            StoreBackup.Result result = StoreBackup.copy(store, file, new java.util.concurrent.locks.ReentrantLock(),
                    store::commit, directory);
            StoreBackup.copyOtherFiles(dataDirectory, file, directory);
            return new Backup(directory, result.bytes(), result.pausedMillis(), result.totalMillis());
        } finally {
            store.close();
        }
    }

    /**
     * Lets a maintenance run under way finish before the store is closed: interrupting it (shutdownNow) would
     * interrupt an MVStore write, and an interrupted write to the file channel closes the channel and the store.
     */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("The embedded store's maintenance did not finish within a minute; closing the store anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.shutdownNow();
    }

    /**
     * An H2 backend with MongoDB's single-document guarantees. The stock backend runs writes interleaved (two
     * {@code findAndModify $inc} can read the same value; two inserts can both pass a unique-index check), and its
     * replies hold the live stored documents, which a later write may change before the reply is encoded. This one
     * runs writes one at a time, reads alongside each other, copies each reply before the lock is released, and
     * commits the store before a write is acknowledged (the stock backend commits in the background, and writes
     * were lost on a hard kill). Documents are stored as BSON ({@link BsonDocumentType}), not Java-serialised.
     */
    static final class DurableH2Backend extends H2Backend {

        private static final Set<String> WRITE_COMMANDS = Set.of(
                "insert", "update", "delete", "findandmodify", "createindexes", "dropindexes",
                "drop", "dropdatabase", "renamecollection", "create");

        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private final Set<String> rebuildableCollections;
        final AtomicLong commits = new AtomicLong();
        final StoreMaintenance maintenance;
        final IdleCursors idleCursors;

        DurableH2Backend(MVStore store, Set<String> rebuildableCollections, Duration cursorTimeout) {
            super(store);
            this.rebuildableCollections = Set.copyOf(rebuildableCollections);
            this.maintenance = new StoreMaintenance(store, lock.writeLock(), this::commitAndCount);
            this.idleCursors = new IdleCursors(getCursorRegistry(), cursorTimeout);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new BsonH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
            boolean write = WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT));
            Lock held = write ? lock.writeLock() : lock.readLock();
            held.lock();
            try {
                Document reply = super.handleCommand(channel, databaseName, command, query);
                if (write && journaled(query) && !rebuildableCollections.contains(String.valueOf(query.get(command)))) {
                    commitAndCount();
                }
                return reply == null ? null : reply.cloneDeeply();
            } finally {
                held.unlock();
            }
        }

        /** As the stock one, but a batch ends at 16 MiB ({@link ReplyBatches}), and no batch size means no count. */
        @Override
        protected Document handleGetMore(String databaseName, String command, Document query) {
            long cursorId = ((Number) query.get(command)).longValue();
            int batchSize = ((Number) query.getOrDefault("batchSize", 0)).intValue();
            Cursor cursor = getCursorRegistry().getCursor(cursorId);
            idleCursors.used(cursorId);
            List<Document> batch = ReplyBatches.take(cursor, batchSize);
            boolean exhausted = cursor.isEmpty();
            if (exhausted) {
                getCursorRegistry().remove(cursor);
                idleCursors.closed(cursorId);
            }
            Document reply = new Document("cursor", new Document("id", exhausted ? 0L : cursorId)
                    .append("ns", databaseName + "." + query.get("collection"))
                    .append("nextBatch", batch));
            Utils.markOkay(reply);
            return reply;
        }

        /** The stock status, with the cursors closed for being idle counted ({@code metrics.cursor.timedOut}). */
        @Override
        public Document getServerStatus() {
            Document status = super.getServerStatus();
            if (status.get("metrics") instanceof Document metrics && metrics.get("cursor") instanceof Document cursor) {
                cursor.put("timedOut", idleCursors.timedOut());
            }
            return status;
        }

        Lock writers() {
            return lock.writeLock();
        }

        private static boolean journaled(Document query) {
            return !(query.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j")));
        }

        void commitAndCount() {
            commit();
            commits.incrementAndGet();
            maintenance.committed();
        }

        /**
         * The stock database, but a collection's document map stores its values as BSON ({@link BsonH2Collection}). An inner class: the
         * superclass constructor already opens collections, before any field of a subclass could be set.
         */
        final class BsonH2Database extends H2Database {

            BsonH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
                super(databaseName, store, cursorRegistry);
            }

            @Override
            protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
                String namespace = getFullCollectionNamespace(collectionName);
                // the stock backend's map names; once open, its own openMap calls (drop, rename) get this same map
                MVMap<Object, Object> documents = getMvStore().openMap(H2DATA_PREFIX + namespace,
                        new MVMap.Builder<Object, Object>().valueType(BsonDocumentType.INSTANCE));
                MVMap<String, Object> meta = getMvStore().openMap(H2META_PREFIX + namespace);
                // read when a cursor opens: collections opened by the superclass constructor predate the field
                return new BsonH2Collection(this, collectionName, options, documents, meta, cursorRegistry,
                        cursorId -> idleCursors.used(cursorId));
            }

            @Override
            protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName,
                                                            List<IndexKey> keys, boolean sparse) {
                openIndexMap(getFullCollectionNamespace(collectionName) + H2INDEX_INFIX + indexName);
                return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse); // gets the open map
            }
        }

        /**
         * Opens an index map with {@link KeyValueType}; one written with the stock key type (another order) is first
         * copied into a new map, which then takes its place in one commit. A crash before that commit leaves the
         * old map as it was; one after it leaves the copy complete, so it is simply put in place.
         */
        private void openIndexMap(String name) {
            MVStore store = getMvStore();
            MVMap<String, Integer> formats = store.openMap(INDEX_FORMATS);
            String copyName = name + ".rebuilding";
            if (!store.hasMap(name) && store.hasMap(copyName)) {
                store.renameMap(store.openMap(copyName, indexMapBuilder()), name);
                formats.put(name, INDEX_FORMAT);
                store.commit();
            }
            if (!store.hasMap(name) || Integer.valueOf(INDEX_FORMAT).equals(formats.get(name))) {
                store.openMap(name, indexMapBuilder());
                formats.put(name, INDEX_FORMAT);
                return;
            }
            if (store.hasMap(copyName)) {
                store.removeMap(copyName);
            }
            MVMap<Object, Object> old = store.openMap(name);
            MVMap<Object, Object> copy = store.openMap(copyName, indexMapBuilder());
            for (Map.Entry<Object, Object> entry : old.entrySet()) {
                copy.put(entry.getKey(), entry.getValue());
            }
            log.info("Rebuilt index map {} in the new key order ({} keys)", name, copy.size());
            store.removeMap(old);
            store.renameMap(copy, name);
            formats.put(name, INDEX_FORMAT);
            store.commit();
        }

        private static MVMap.Builder<Object, Object> indexMapBuilder() {
            return new MVMap.Builder<Object, Object>().keyType(KeyValueType.INSTANCE);
        }
    }

    private static final String H2DATA_PREFIX = "databases.";
    private static final String H2META_PREFIX = "meta.";
    private static final String H2INDEX_INFIX = "._index_";
    /** Index map name → the key format it is written in; absent = the stock one. */
    private static final String INDEX_FORMATS = "concordia.index-formats";
    private static final int INDEX_FORMAT = 2;
}
