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
        String pad = "x".repeat(2_000);
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

    private static String copyOfTheFile(EmbeddedMongoServer server) throws Exception {
        return new String(Files.readAllBytes(server.storeFile()), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
