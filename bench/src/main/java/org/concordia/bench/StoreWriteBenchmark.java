package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The embedded store's own write rate, the bound of every read-model write (a replay writes about 8 documents per
 * event, a command about 10): {@code replaceOne} upserts by {@code _id} of read-model-like documents (a few hundred
 * bytes of varied prose and ids), in unordered bulks of 100 without journal as the projections send them, over a
 * key space that is first filled and then rewritten in random order. Prints documents per second, the process's CPU
 * per document and the bytes written to the file per document; the server runs in this process, so the CPU is the
 * client's and the server's together.
 * <p>
 * {@code --docs=N} key space (default 50,000), {@code --rounds=N} rewrites of it (default 3), {@code --doc-bytes=N}
 * about how large a document is (default 600).
 */
public final class StoreWriteBenchmark {

    private static final Set<String> OPTIONS = Set.of("docs", "rounds", "doc-bytes");
    private static final String[] WORDS = ("issue party sponsor site protocol deviation escalated committee vote "
            + "quorum recusal decision corrective action preventive capa tier severity major minor critical owner "
            + "monitor data safety board consortium agreement budget publication authorship dispute resolved").split(" ");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        int docs = Integer.parseInt(options.getOrDefault("docs", "50000"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int docBytes = Integer.parseInt(options.getOrDefault("doc-bytes", "600"));
        Path dataDir = Files.createTempDirectory("concordia-storewrite-");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 256);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoCollection<Document> collection = client.getDatabase("bench").getCollection("views")
                    .withWriteConcern(WriteConcern.W1.withJournal(false));
            Random random = new Random(42);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < docs; i++) {
                order.add(i);
            }
            System.out.printf(Locale.ROOT, "%d documents of about %d bytes, bulks of 100 replaceOne upserts, j:false%n",
                    docs, docBytes);
            System.out.println("| pass | documents/s | CPU-µs per document | written to the file per document |");
            System.out.println("|---|---:|---:|---:|");
            for (int round = 0; round <= rounds; round++) {
                if (round > 0) {
                    Collections.shuffle(order, random);
                }
                EmbeddedMongoServer.StoreStats before = server.storeStats();
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                List<WriteModel<Document>> bulk = new ArrayList<>(100);
                for (int i : order) {
                    bulk.add(new ReplaceOneModel<>(Filters.eq("_id", "doc-" + i), document(i, round, docBytes, random),
                            new ReplaceOptions().upsert(true)));
                    if (bulk.size() == 100) {
                        collection.bulkWrite(bulk, new BulkWriteOptions().ordered(false));
                        bulk.clear();
                    }
                }
                if (!bulk.isEmpty()) {
                    collection.bulkWrite(bulk, new BulkWriteOptions().ordered(false));
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long cpu = processCpuNanos() - cpu0;
                EmbeddedMongoServer.StoreStats after = server.storeStats();
                System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f B |%n",
                        round == 0 ? "fill" : "rewrite " + round, docs / seconds, cpu / 1e3 / docs,
                        (after.writtenBytes() - before.writtenBytes()) / (double) docs);
            }
        } finally {
            QuerySideBenchmark.deleteRecursively(dataDir);
        }
        System.exit(0);
    }

    /** A read-model-like document: ids, a status, counters and a few sentences of varied words. */
    private static Document document(int i, int round, int bytes, Random random) {
        StringBuilder prose = new StringBuilder();
        while (prose.length() < bytes - 200) {
            prose.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return new Document("_id", "doc-" + i)
                .append("collaborationId", "collab-" + (i % 20))
                .append("issueId", UUID.nameUUIDFromBytes(("issue" + i).getBytes()).toString())
                .append("status", round % 2 == 0 ? "OPEN" : "ESCALATED")
                .append("tier", round % 3)
                .append("version", (long) round)
                .append("title", prose.substring(0, Math.min(60, prose.length())))
                .append("body", prose.toString());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
