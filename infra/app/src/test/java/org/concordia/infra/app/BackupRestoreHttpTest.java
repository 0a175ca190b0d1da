package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.audit.verifier.BundleVerifier;
import org.concordia.audit.verifier.Ed25519Keys;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.ops.BackupCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online backup over HTTP while comments keep arriving, and a restore: the restored copy starts, serves the views
 * as they were at the backup (every comment acknowledged before it, and the comments after it not), and its audit
 * export verifies. The offline command refuses a store an instance holds, and copies one no instance holds.
 */
class BackupRestoreHttpTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path backups;
    @TempDir
    Path restored;

    @Test
    void aBackupTakenWhileWritesGoOnRestoresToAConsistentVerifiableCopy() throws Exception {
        String issuePath;
        List<String> acknowledgedBefore;
        String backupDir;
        try (RunningApp app = new RunningApp(dataDir, "--concordia.backup-dir=" + backups,
                "--concordia.audit.checkpoint-every=5", "--concordia.audit.poll-interval=100ms")) {
            issuePath = app.issueRaisedBySita("BACK", "Fee dispute", "d");
            RunningApp.Call cora = app.user("cora");
            RunningApp.Call sita = app.user("sita");

            // comments keep arriving while the backup is taken
            List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            Thread writer = new Thread(() -> {
                while (!stop.get() && next.get() < 400) {
                    String text = "comment " + next.incrementAndGet();
                    if (sita.post(issuePath + "/comments", Map.of("text", text)).status() == 201) {
                        acknowledged.add(text);
                    }
                }
            });
            for (int i = 0; i < 5; i++) {
                String text = "comment " + next.incrementAndGet();
                assertThat(sita.post(issuePath + "/comments", Map.of("text", text)).status()).isEqualTo(201);
                acknowledged.add(text);
            }
            writer.start();
            while (acknowledged.size() < 15) {
                Thread.sleep(10);
            }
            acknowledgedBefore = List.copyOf(acknowledged);
            assertThat(cora.post("/api/v1/admin/backup", Map.of()).status()).isEqualTo(403);
            RunningApp.Response backup = app.asAdmin().post("/api/v1/admin/backup", Map.of());
            stop.set(true);
            writer.join();
            assertThat(backup.status()).as(backup.body()).isEqualTo(201);
            backupDir = backup.json().get("directory").asText();
            assertThat(Path.of(backupDir)).startsWith(backups);
            assertThat(acknowledged.size()).isGreaterThan(acknowledgedBefore.size()); // writes went on meanwhile

            // the offline form refuses a store that a running instance holds
            assertThat(BackupCommand.run(new String[]{"backup", "--to", restored.resolve("refused").toString(),
                    "--data-dir", dataDir.toString()}, Map.of(), quiet(), quiet())).isEqualTo(1);
        }

        // restore: the backup directory is a data directory
        Path restoredData = restored.resolve("data");
        copyDirectory(Path.of(backupDir), restoredData);
        try (RunningApp copy = new RunningApp(restoredData)) {
            RunningApp.Call sita = copy.as("sita", RunningApp.passwordOf("sita"));
            JsonNode view = waitForComments(sita, issuePath, acknowledgedBefore.size());
            List<String> texts = new ArrayList<>();
            view.get("comments").forEach(c -> texts.add(c.get("text").asText()));
            assertThat(texts).containsSubsequence(acknowledgedBefore);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(texts.get(i)).isEqualTo("comment " + (i + 1)); // a prefix: nothing after a gap
            }
            assertThat(copy.asAdmin().get("/api/v1/admin/audit/verify").json().get("intact").asBoolean()).isTrue();
            var key = Ed25519Keys.parsePublic(copy.anonymous().get("/api/v1/audit/public-key").json()
                    .get("publicKeyPem").asText());
            Verification verified = BundleVerifier.verify(download(copy, "/api/v1/admin/audit/export"), key);
            assertThat(verified.intact()).as(verified.summary()).isTrue();
        }

        // offline, on a data directory no instance holds
        assertThat(BackupCommand.run(new String[]{"backup", "--to", restored.resolve("offline").toString(),
                "--data-dir", dataDir.toString()}, Map.of(), quiet(), quiet())).isZero();
        try (RunningApp offline = new RunningApp(restored.resolve("offline"))) {
            assertThat(offline.as("sita", RunningApp.passwordOf("sita")).get(issuePath).status()).isEqualTo(200);
        }
    }

    private static JsonNode waitForComments(RunningApp.Call caller, String issuePath, int atLeast)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode view = caller.get(issuePath).json();
        while (view.get("comments").size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(100); // the restored views catch up from their tokens
            view = caller.get(issuePath).json();
        }
        return view;
    }

    private Path download(RunningApp app, String path) throws Exception {
        int port = ((WebServerApplicationContext) app.context()).getWebServer().getPort();
        Path file = restored.resolve("bundle.zip");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + RunningApp.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        return file;
    }

    private static void copyDirectory(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
