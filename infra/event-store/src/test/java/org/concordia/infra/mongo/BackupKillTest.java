package org.concordia.infra.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of a process in the middle of an online backup, while it keeps writing: the live store still has
 * every acknowledged write, every backup that was completed opens and holds a prefix of the writes, and the one that
 * was cut short left only a {@code .partial} file.
 */
class BackupKillTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path backups;

    @Test
    void aHardKillDuringABackupLeavesTheLiveStoreAndTheFinishedBackupsIntact() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WritingAndBackingUp.class.getName(), dataDir.toString(), backups.toString())
                .redirectErrorStream(false).start();
        long acknowledged = -1;
        List<String> finished = new ArrayList<>();
        String started = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                } else if (line.startsWith("BACKUP-START ")) {
                    started = line.substring(13);
                } else if (line.startsWith("BACKUP-DONE ")) {
                    finished.add(line.substring(12));
                }
                if (finished.size() >= 2 && started != null && !finished.contains(started)) {
                    break; // a third backup is being copied
                }
            }
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(finished).hasSizeGreaterThanOrEqualTo(2);

        try (EmbeddedMongoServer live = EmbeddedMongoServer.start(dataDir, 16);
             MongoClient client = MongoClients.create(live.connectionString())) {
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            for (long n = 0; n <= acknowledged; n += Math.max(1, acknowledged / 50)) {
                assertThat(docs.find(Filters.eq("_id", n)).first()).as("acknowledged write %d", n).isNotNull();
            }
            assertThat(docs.find(Filters.eq("_id", acknowledged)).first()).isNotNull();
        }
        for (String directory : finished) {
            Path copy = Path.of(directory);
            try (EmbeddedMongoServer restored = EmbeddedMongoServer.start(copy, 16);
                 MongoClient client = MongoClients.create(restored.connectionString())) {
                MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
                long count = docs.countDocuments();
                assertThat(count).isPositive();
                assertThat(docs.find(Filters.eq("_id", count - 1)).first()).as("a prefix of the writes").isNotNull();
                assertThat(docs.find(Filters.eq("_id", count)).first()).isNull();
            }
        }
        Path cut = Path.of(started);
        if (Files.exists(cut.resolve(EmbeddedMongoServer.STORE_FILE))) {
            StoreBackup.check(cut.resolve(EmbeddedMongoServer.STORE_FILE)); // finished between the two lines
        }
    }

    /** Writes documents 0, 1, 2, … (acknowledging each on stdout) while another thread backs the store up in turn. */
    public static final class WritingAndBackingUp {
        public static void main(String[] args) throws Exception {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), 16, Set.of());
            MongoClient client = MongoClients.create(server.connectionString());
            MongoCollection<Document> docs = client.getDatabase("t").getCollection("docs");
            String pad = "p".repeat(4_000);
            Thread backups = new Thread(() -> {
                try {
                    for (int k = 0; ; k++) {
                        Path target = Path.of(args[1], "backup-" + k);
                        System.out.println("BACKUP-START " + target);
                        server.backupTo(target);
                        System.out.println("BACKUP-DONE " + target);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            for (long n = 0; ; n++) {
                docs.insertOne(new Document("_id", n).append("pad", pad));
                System.out.println("ACK " + n);
                if (n == 2_000) {
                    backups.start(); // with some megabytes to copy
                }
            }
        }
    }
}
