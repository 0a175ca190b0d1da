package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An in-process MongoDB-wire server persisting to an H2 MVStore file in a data directory, so that one
 * command starts a working system. The stock H2 backend commits in the background (acknowledged writes
 * were lost on a hard kill); this one commits the store before a write command is acknowledged.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    public static final String STORE_FILE = "concordia.mv.db";

    private final DurableH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final Path storeFile;

    private EmbeddedMongoServer(Path dataDirectory, int cacheSizeMb, Set<String> rebuildableCollections,
                                String host, int port) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        this.storeFile = dataDirectory.resolve(STORE_FILE);
        MVStore store = new MVStore.Builder()
                .fileName(storeFile.toString())
                .cacheSize(cacheSizeMb)
                .open();
        this.backend = new DurableH2Backend(store, rebuildableCollections);
        this.server = new MongoServer(backend);
        server.bind(host, port);
        this.address = server.getLocalAddress();
        log.info("Embedded MongoDB-wire server on {} persisting to {}", address, storeFile.toAbsolutePath());
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
        return new EmbeddedMongoServer(dataDirectory, cacheSizeMb, rebuildableCollections, "127.0.0.1", 0);
    }

    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public Path storeFile() {
        return storeFile;
    }

    @Override
    public void close() {
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

        DurableH2Backend(MVStore store, Set<String> rebuildableCollections) {
            super(store);
            this.rebuildableCollections = Set.copyOf(rebuildableCollections);
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
                if (write && !rebuildableCollections.contains(String.valueOf(query.get(command)))) {
                    commit();
                }
                return reply == null ? null : reply.cloneDeeply();
            } finally {
                held.unlock();
            }
        }

        /**
         * The stock database, but a collection's document map stores its values as BSON. An inner class: the
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
                MVMap<Object, Document> documents = getMvStore().openMap(H2DATA_PREFIX + namespace,
                        new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
                MVMap<String, Object> meta = getMvStore().openMap(H2META_PREFIX + namespace);
                return new H2Collection(this, collectionName, options, documents, meta, cursorRegistry);
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
