package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.netty.channel.Channel;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
     * were lost on a hard kill).
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
    }
}
