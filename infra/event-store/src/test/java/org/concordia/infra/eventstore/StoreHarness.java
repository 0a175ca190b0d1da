package org.concordia.infra.eventstore;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.UuidRepresentation;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** An embedded server on a data directory, a client, and engines on it, for tests (also of other modules). */
public final class StoreHarness implements AutoCloseable {

    public final Path dataDir;
    public final EmbeddedMongoServer server;
    public final MongoClient client;
    public final MongoDatabase database;

    /** For an event store: 64 MB of cache, the position counter acknowledged before it is on disk. */
    public StoreHarness(Path dataDir) {
        this(dataDir, 64, MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
    }

    private StoreHarness(Path dataDir, int cacheSizeMb, Set<String> rebuildableCollections) {
        this.dataDir = dataDir;
        this.server = EmbeddedMongoServer.start(dataDir, cacheSizeMb, rebuildableCollections);
        this.client = client(server);
        this.database = client.getDatabase("concordia");
    }

    /** For tests that need only the database: 16 MB of cache, every write on disk when acknowledged. */
    public static StoreHarness database(Path dataDir) {
        return new StoreHarness(dataDir, 16, Set.of());
    }

    /** Another client of {@code server}, as a second node would have (the caller closes it). */
    public static MongoClient client(EmbeddedMongoServer server) {
        return MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build());
    }

    public static JacksonSerializer serializer() {
        return JacksonSerializer.defaultSerializer();
    }

    public MongoEventStorageEngine engine() {
        return engine(Clock.systemUTC(), Duration.ofSeconds(10));
    }

    public MongoEventStorageEngine engine(Clock clock, Duration gapTimeout) {
        return MongoEventStorageEngine.builder()
                                      .database(database)
                                      .eventSerializer(serializer())
                                      .snapshotSerializer(serializer())
                                      .clock(clock)
                                      .gapTimeout(gapTimeout)
                                      .build();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
