package org.concordia.infra.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.concordia.infra.mongo.EmbeddedMongoServer.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** Every BSON type the app stores, nested. */
    private static Document richDocument(String id) {
        return new Document("_id", id).append("u", "u-" + id).append("s", "text ü 😀").append("i", 42).append("l", 1L << 40)
                .append("d", 2.5).append("b", true).append("n", null)
                .append("at", java.util.Date.from(java.time.Instant.parse("2026-11-29T10:00:00Z")))
                .append("bin", new org.bson.types.Binary(new byte[] {1, 2, 3}))
                .append("uuid", java.util.UUID.fromString("6f1c1a2e-3c1b-4c1a-9b1a-1c2b3c4d5e6f"))
                .append("oid", new org.bson.types.ObjectId("65a1b2c3d4e5f60718293a4b"))
                .append("dec", new org.bson.types.Decimal128(new java.math.BigDecimal("12.345")))
                .append("list", List.of(1, "two", new Document("three", 3L)))
                .append("nested", new Document("deeper", new Document("x", List.of())));
    }

    @Test
    void readsAndRewritesAFileWrittenByTheStockBackend(@TempDir Path oldDir) {
        // a data file as releases before the BSON value type wrote it: Java-serialised documents
        org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder()
                .fileName(oldDir.resolve(EmbeddedMongoServer.STORE_FILE).toString()).open();
        de.bwaldvogel.mongo.MongoServer stock = new de.bwaldvogel.mongo.MongoServer(
                new de.bwaldvogel.mongo.backend.h2.H2Backend(store));
        try (MongoClient old = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(stock.bindAndGetConnectionString())).build())) {
            MongoCollection<Document> docs = old.getDatabase("t").getCollection("docs");
            docs.createIndex(Indexes.ascending("u"), new IndexOptions().unique(true));
            docs.insertMany(List.of(richDocument("a"), richDocument("b")));
        }
        stock.shutdownNow();

        for (int start = 0; start < 2; start++) {
            client.close();
            server.close();
            server = EmbeddedMongoServer.start(oldDir, 16);
            client = MongoClients.create(MongoClientSettings.builder().uuidRepresentation(UuidRepresentation.STANDARD)
                    .applyConnectionString(new ConnectionString(server.connectionString())).build());
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            assertThat(docs.find(eq("_id", "a")).first()).as("start %d", start).isEqualTo(richDocument("a"));
            assertThat(docs.find(eq("_id", "b")).first()).isEqualTo(start == 0 ? richDocument("b")
                    : richDocument("b").append("changed", 1));
            if (start == 0) { // rewritten in the new format next to an old-format neighbour
                docs.updateOne(eq("_id", "b"), Updates.set("changed", 1));
                docs.insertOne(richDocument("c"));
            } else {
                assertThat(docs.find(eq("_id", "c")).first()).isEqualTo(richDocument("c"));
                assertThat(docs.find(eq("u", "u-c")).first()).isEqualTo(richDocument("c"));
            }
            // both unique indexes, rebuilt in the new key order, still refuse duplicates
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "a")))
                    .isInstanceOf(MongoWriteException.class);
            assertThatThrownBy(() -> docs.insertOne(new Document("_id", "z").append("u", "u-b")))
                    .isInstanceOf(MongoWriteException.class);
            assertThat(docs.countDocuments()).isEqualTo(3);
        }
    }

    /**
     * Pages are written from the BSON each stored document keeps: every way of changing a document must store it
     * anew, or a page rewritten for a neighbour's sake would write the document as it was. Many small documents share
     * a page; each is changed a different way, committed, changed again, and the file read back after a restart.
     */
    @Test
    void everyKindOfChangeIsWhatThePagesHoldAfterARestart() {
        MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
        docs.createIndex(Indexes.ascending("key"), new IndexOptions().unique(true).sparse(true));
        for (int i = 0; i < 200; i++) {
            docs.insertOne(new Document("_id", i).append("key", "k" + i).append("n", 0));
        }
        for (int round = 1; round <= 2; round++) {
            docs.updateOne(eq("_id", 1), Updates.set("n", round));                            // by _id
            docs.updateOne(eq("key", "k2"), Updates.set("n", round));                         // by a unique index
            docs.updateMany(eq("n", round - 1), Updates.inc("scanned", 1));                   // by a scan
            docs.findOneAndUpdate(eq("_id", 3), Updates.set("n", round));
            docs.replaceOne(eq("_id", 4), new Document("_id", 4).append("key", "k4").append("n", round));
            docs.updateOne(eq("_id", 5), Updates.set("key", "renamed" + round));              // an indexed field
            docs.updateOne(eq("_id", 1000 + round), Updates.set("n", round),
                    new com.mongodb.client.model.UpdateOptions().upsert(true));
        }
        docs.deleteOne(eq("_id", 6));
        List<Document> before = docs.find().sort(new Document("_id", 1)).into(new java.util.ArrayList<>());

        client.close();
        server.close();
        server = EmbeddedMongoServer.start(dataDir, 16);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString())).build());
        docs = client.getDatabase("t").getCollection("docs");

        List<Document> after = docs.find().sort(new Document("_id", 1)).into(new java.util.ArrayList<>());
        assertThat(after).isEqualTo(before).hasSize(201);
        assertThat(docs.find(eq("_id", 1)).first()).containsEntry("n", 2);
        assertThat(docs.find(eq("_id", 5)).first()).containsEntry("key", "renamed2");
        assertThat(docs.find(eq("key", "renamed2")).first()).containsEntry("_id", 5);
        assertThat(docs.find(eq("_id", 7)).first()).containsEntry("scanned", 1);
        assertThat(docs.find(eq("_id", 6)).first()).isNull();
    }

    @Test
    void documentsAreStoredAsBsonAndReadBackEqual() {
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", "x")
                .append("n", 7).append("list", new java.util.ArrayList<>(List.of("a", 1L)))
                .append("sub", new de.bwaldvogel.mongo.bson.Document("k", 2.0));
        org.h2.mvstore.WriteBuffer out = new org.h2.mvstore.WriteBuffer();
        BsonDocumentType.INSTANCE.write(out, document);
        BsonDocumentType.INSTANCE.write(out, "not a document");
        java.nio.ByteBuffer in = out.getBuffer().flip();
        assertThat(in.get(0)).isEqualTo(BsonDocumentType.MARKER);
        assertThat(BsonDocumentType.readDecoded(in)).isEqualTo(document);
        assertThat(BsonDocumentType.readDecoded(in)).isEqualTo("not a document");
        assertThat(in.hasRemaining()).isFalse();
    }

    /**
     * The driver refuses a reply over 48 MB, as MongoDB never sends one: a batch there holds at most 16 MiB, whatever
     * the batch size asked. 60 documents of 1 MB are read whole, without and with a batch size larger than fits.
     */
    @Test
    void aLargeResultComesInBatchesTheDriverAccepts() {
        MongoCollection<Document> docs = client.getDatabase("t").getCollection("large");
        String megabyte = "x".repeat(1_000_000);
        for (int i = 0; i < 60; i++) {
            docs.insertOne(new Document("_id", i).append("body", megabyte));
        }
        List<Integer> unbatched = new java.util.ArrayList<>();
        docs.find().forEach(d -> unbatched.add(d.getInteger("_id")));
        List<Integer> batched = new java.util.ArrayList<>();
        docs.find().batchSize(50).forEach(d -> batched.add(d.getInteger("_id")));
        List<Integer> afterAFirstBatch = new java.util.ArrayList<>();
        docs.find().batchSize(2).forEach(d -> afterAFirstBatch.add(d.getInteger("_id")));

        List<Integer> all = java.util.stream.IntStream.range(0, 60).boxed().toList();
        assertThat(unbatched).isEqualTo(all);
        assertThat(batched).isEqualTo(all);
        assertThat(afterAFirstBatch).isEqualTo(all);
    }

    @Test
    void aCursorLeftIdleIsClosedAndOneInUseIsNot(@TempDir Path otherDir) throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        try (EmbeddedMongoServer timing = EmbeddedMongoServer.start(otherDir,
                new EmbeddedMongoServer.Settings(16, Settings.DEFAULT_RETENTION, Settings.DEFAULT_FLUSH_INTERVAL, timeout),
                Set.of());
             MongoClient reader = MongoClients.create(timing.connectionString())) {
            MongoCollection<Document> docs = reader.getDatabase("t").getCollection("c");
            List<Integer> all = java.util.stream.IntStream.range(0, 1000).boxed().toList();
            docs.insertMany(all.stream().map(i -> new Document("_id", i)).toList());
            MongoCursor<Document> abandoned = docs.find().batchSize(2).iterator();
            abandoned.next();
            MongoCursor<Document> inUse = docs.find().batchSize(1).iterator();
            List<Integer> read = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (openCursors(reader) > 1 && inUse.hasNext() && System.nanoTime() < deadline) {
                read.add(inUse.next().getInteger("_id")); // a getMore every 50 ms keeps this one open
                Thread.sleep(50);
            }
            assertThat(openCursors(reader)).as("only the cursor in use is open").isEqualTo(1);
            assertThat(cursorMetrics(reader).getLong("timedOut")).isEqualTo(1);
            inUse.forEachRemaining(d -> read.add(d.getInteger("_id")));

            assertThat(read).isEqualTo(all);
            abandoned.next(); // the rest of the first batch, still on the client
            assertThatThrownBy(abandoned::next).isInstanceOf(MongoCursorNotFoundException.class);
        }
    }

    private static long openCursors(MongoClient client) {
        return cursorMetrics(client).get("open", Document.class).getLong("total");
    }

    private static Document cursorMetrics(MongoClient client) {
        Document status = client.getDatabase("admin").runCommand(new Document("serverStatus", 1));
        return status.get("metrics", Document.class).get("cursor", Document.class);
    }
}
