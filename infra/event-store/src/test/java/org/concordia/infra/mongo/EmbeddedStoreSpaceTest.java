package org.concordia.infra.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How the embedded store spends disk: commits only where durability is asked for, and space reused (issue #16). */
class EmbeddedStoreSpaceTest {

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private EmbeddedMongoServer start(Path dir, EmbeddedMongoServer.Settings settings) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, settings, Set.of());
        open.add(server);
        return server;
    }

    private MongoCollection<Document> collection(EmbeddedMongoServer server) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .uuidRepresentation(UuidRepresentation.STANDARD)
                .applyConnectionString(new ConnectionString(server.connectionString())).build());
        open.add(client);
        return client.getDatabase("t").getCollection("docs");
    }

    @Test
    void anUnjournaledWriteCostsNoCommitAndIsMadeDurableByTheNextJournaledOne() throws Exception {
        EmbeddedMongoServer server = start(dataDir, new EmbeddedMongoServer.Settings(16, Duration.ofSeconds(2),
                Duration.ofHours(1))); // no flush during the test
        MongoCollection<Document> docs = collection(server);
        docs.insertOne(new Document("_id", "journaled-1"));
        long commits = server.storeStats().commits();

        docs.withWriteConcern(WriteConcern.W1.withJournal(false)).insertOne(new Document("_id", "unjournaled"));
        assertThat(server.storeStats().commits()).isEqualTo(commits);
        assertThat(copyOfTheFile(server)).doesNotContain("unjournaled"); // a crash now would lose it

        docs.insertOne(new Document("_id", "journaled-2"));
        assertThat(server.storeStats().commits()).isEqualTo(commits + 1);
        assertThat(copyOfTheFile(server)).contains("journaled-1", "unjournaled", "journaled-2");
    }

    @Test
    void theFlusherCommitsUnjournaledWritesWithinItsInterval() throws Exception {
        EmbeddedMongoServer server = start(dataDir, new EmbeddedMongoServer.Settings(16, Duration.ofSeconds(2),
                Duration.ofMillis(100)));
        MongoCollection<Document> docs = collection(server);
        long commits = server.storeStats().commits();
        docs.withWriteConcern(WriteConcern.W1.withJournal(false)).insertOne(new Document("_id", "token"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (server.storeStats().commits() == commits && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(copyOfTheFile(server)).contains("token");
    }

    /**
     * The same 100 documents rewritten again and again, a commit per write: with MVStore's stock settings (45 s
     * retention, compaction by its own thread when it judged the store idle) the file grew by about 19 KB per commit
     * for as long as the writes went on. Now the space of dead chunks is reused and the maintenance compacts: the
     * file reaches a plateau. Shape, not time: with no retention the plateau does not depend on the machine's speed
     * (the default retention of 2 s adds what is written in 2 s); the file may not grow by more than a fifth in the
     * second half of the run.
     */
    @Test
    void theFileStopsGrowingUnderASteadyRewriteWorkload() {
        EmbeddedMongoServer.Settings settings = new EmbeddedMongoServer.Settings(16, Duration.ZERO, Duration.ofMillis(200));
        EmbeddedMongoServer server = start(dataDir, settings);
        MongoCollection<Document> docs = collection(server);
        // random, so that it takes its 2,000 bytes on disk too (pages are compressed)
        byte[] noise = new byte[1_500];
        new java.util.Random(16).nextBytes(noise);
        String pad = java.util.Base64.getEncoder().encodeToString(noise);
        List<Long> sizes = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 100; i++) {
                docs.replaceOne(Filters.eq("_id", i), new Document("_id", i).append("round", round).append("pad", pad),
                        new ReplaceOptions().upsert(true));
            }
            sizes.add(server.storeStats().fileBytes());
        }
        long firstHalf = sizes.subList(0, sizes.size() / 2).stream().mapToLong(Long::longValue).max().orElseThrow();
        long secondHalf = sizes.subList(sizes.size() / 2, sizes.size()).stream().mapToLong(Long::longValue).max()
                .orElseThrow();
        long written = sizes.size() * 100L * 19_000; // what the stock retention would have appended
        assertThat(secondHalf).as("file sizes per round: %s", sizes).isLessThanOrEqualTo(firstHalf * 6 / 5)
                .isLessThan(written / 4);
    }

    /**
     * A document of the kind the read models store: field names, identifiers and dates repeated from one document to
     * the next, and prose drawn from a small vocabulary (about 2 KB of BSON).
     */
    private static Document issueLike(int n) {
        String[] words = {"the", "freezer", "temperature", "shipment", "was", "delayed", "at", "customs", "supplier",
                "reported", "deviation", "batch", "quality", "inspection", "pending", "approval", "warehouse", "north"};
        java.util.Random random = new java.util.Random(n);
        StringBuilder text = new StringBuilder();
        while (text.length() < 900) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        List<Document> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            history.add(new Document("type", i % 2 == 0 ? "CommentAdded" : "SeverityChanged")
                    .append("by", "member-" + random.nextInt(11)).append("party", "party-" + random.nextInt(8))
                    .append("at", java.util.Date.from(java.time.Instant.parse("2026-11-01T00:00:00Z")
                            .plusSeconds(n * 600L + i * 60L))));
        }
        return new Document("_id", "bench-issue-" + n).append("collaborationId", "collab-0001")
                .append("title", "Issue " + n + ": " + text.substring(0, 60)).append("description", text.toString())
                .append("status", "OPEN").append("severity", n % 3 == 0 ? "HIGH" : "MEDIUM")
                .append("raisedBy", "member-" + n % 11).append("history", history);
    }

    /**
     * The live pages of the file take far less room than the documents' BSON: pages are LZF-compressed. Without
     * compression the live pages are a little more than the BSON (keys, page headers); with it, about a quarter.
     */
    @Test
    void documentsTakeAFractionOfTheirBsonSizeOnDisk() throws Exception {
        EmbeddedMongoServer server = start(dataDir, new EmbeddedMongoServer.Settings(16, Duration.ZERO,
                Duration.ofHours(1)));
        MongoCollection<Document> docs = collection(server);
        long bson = 0;
        List<Document> batch = new ArrayList<>();
        for (int n = 0; n < 3_000; n++) {
            Document document = issueLike(n);
            bson += new org.bson.RawBsonDocument(document, new org.bson.codecs.DocumentCodec()).getByteBuffer()
                    .remaining();
            batch.add(document);
            if (batch.size() == 100) {
                docs.insertMany(batch);
                batch.clear();
            }
        }
        EmbeddedMongoServer.StoreStats stats = server.storeStats();
        assertThat(bson).isGreaterThan(3_000L * 1_500);
        assertThat(stats.liveBytes()).as("live bytes of the file for %,d bytes of BSON", bson).isLessThan(bson / 2);
    }

    /** The documents of collection t.docs in a copy of the file as it is now on disk, read as MVStore reads it. */
    private static String copyOfTheFile(EmbeddedMongoServer server) throws Exception {
        Path copy = Files.createTempFile("store-copy-", ".mv.db");
        try {
            Files.copy(server.storeFile(), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(copy.toString()).readOnly()
                    .open();
            try {
                if (!store.hasMap("databases.t.docs")) {
                    return "";
                }
                return store.openMap("databases.t.docs", new org.h2.mvstore.MVMap.Builder<Object, Object>()
                        .valueType(BsonDocumentType.INSTANCE)).values().toString();
            } finally {
                store.close();
            }
        } finally {
            Files.deleteIfExists(copy);
        }
    }
}
