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

/** An embedded server on a data directory, a client, and engines on it, for tests (also of other modules). */
public final class StoreHarness implements AutoCloseable {

    public final Path dataDir;
    public final EmbeddedMongoServer server;
    public final MongoClient client;
    public final MongoDatabase database;

    public StoreHarness(Path dataDir) {
        this.dataDir = dataDir;
        this.server = EmbeddedMongoServer.start(dataDir, 64, MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
        this.client = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build());
        this.database = client.getDatabase("concordia");
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
