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
import java.time.Instant;
import java.time.ZoneOffset;

/** An embedded server on a data directory, a client, and engines on it, for tests. */
final class StoreHarness implements AutoCloseable {

    final Path dataDir;
    final EmbeddedMongoServer server;
    final MongoClient client;
    final MongoDatabase database;

    StoreHarness(Path dataDir) {
        this.dataDir = dataDir;
        this.server = EmbeddedMongoServer.start(dataDir, 64, MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
        this.client = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .build());
        this.database = client.getDatabase("concordia");
    }

    static JacksonSerializer serializer() {
        return JacksonSerializer.defaultSerializer();
    }

    MongoEventStorageEngine engine() {
        return engine(Clock.systemUTC(), Duration.ofSeconds(10));
    }

    MongoEventStorageEngine engine(Clock clock, Duration gapTimeout) {
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

    /** A clock tests move by hand, so waiting for a timeout never means sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T09:30:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
