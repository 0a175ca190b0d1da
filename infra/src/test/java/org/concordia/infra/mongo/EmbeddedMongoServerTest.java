package org.concordia.infra.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/** The single-document guarantees of MongoDB that the stock embedded backend lacks, and this one keeps. */
class EmbeddedMongoServerTest {

    @TempDir
    Path dataDir;
    EmbeddedMongoServer server;
    MongoClient client;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(dataDir, 16);
        client = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString())).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void concurrentIncrementsNeverReturnTheSameValue() throws Exception {
        MongoCollection<Document> counters = client.getDatabase("t").getCollection("counters");
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(32);
        for (int i = 0; i < 2000; i++) {
            threads.submit(() -> {
                Document counter = counters.findOneAndUpdate(eq("_id", "c"), Updates.inc("value", 1L),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                if (!seen.add(counter.get("value", Number.class).longValue())) {
                    duplicates.incrementAndGet();
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(2000);
    }

    @Test
    void concurrentInsertsOfTheSameUniqueKeyLetExactlyOneWin() throws Exception {
        MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
        docs.createIndex(Indexes.ascending("keys"), new IndexOptions().unique(true).sparse(true));
        for (int round = 0; round < 50; round++) {
            String key = "k" + round;
            AtomicInteger won = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                long id = round * 100L + t;
                threads.submit(() -> {
                    try {
                        docs.insertOne(new Document("_id", id).append("keys", List.of(key, key + "-x" + id)));
                        won.incrementAndGet();
                    } catch (MongoWriteException e) {
                        refused.incrementAndGet();
                    }
                });
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
            assertThat(won.get()).isEqualTo(1);
            assertThat(refused.get()).isEqualTo(7);
        }
    }

    @Test
    void keepsDataAcrossARestartOnTheSameDirectory() {
        client.getDatabase("t").getCollection("docs").insertOne(new Document("_id", "kept"));
        client.close();
        server.close();

        server = EmbeddedMongoServer.start(dataDir, 16);
        client = MongoClients.create(server.connectionString());
        assertThat(client.getDatabase("t").getCollection("docs").find(eq("_id", "kept")).first()).isNotNull();
    }
}
