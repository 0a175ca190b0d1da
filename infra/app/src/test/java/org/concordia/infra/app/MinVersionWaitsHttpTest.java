package org.concordia.infra.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ?minVersion=} waits hold no request thread: with Tomcat cut down to 4 threads, 12 reads waiting for a
 * version not yet written leave the server free to answer others, a 5th wait of one user is refused with 429, and
 * the write that brings the version answers all of them.
 */
class MinVersionWaitsHttpTest {

    static final int THREADS = 4;
    static final int WAITS_PER_USER = 4;
    static final List<String> READERS = List.of("rita", "rolf", "ruth");

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir, "--server.tomcat.threads.max=" + THREADS, "--server.tomcat.threads.min-spare=1",
                             "--concordia.read-your-writes.max-wait=60s",
                             "--concordia.read-your-writes.waits-per-user=" + WAITS_PER_USER);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void waitingReadsHoldNoThreadAreBoundedPerUserAndAnsweredByTheWriteTheyWaitFor() throws Exception {
        RunningApp.Call cora = app.user("cora");
        RunningApp.Call sam = app.user("sam");
        READERS.forEach(app::user);
        String c = "/api/v1/collaborations/" + cora.post("/api/v1/collaborations",
                Map.of("key", "WAIT", "name", "Waits", "kind", "OTHER")).json().get("id").asText();
        cora.post(c + "/parties", Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"));
        cora.post(c + "/members", Map.of("username", "sam", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")));
        for (String reader : READERS) {
            cora.post(c + "/members", Map.of("username", reader, "partyId", "sponsor", "roles", List.of("OBSERVER")));
        }
        cora.put(c + "/governance", Map.of("tiers", List.of(Map.of("name", "WG", "members", List.of("sam"),
                "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1))));
        RunningApp.Response raised = sam.post(c + "/issues", Map.of("type", "ISSUE", "title", "t",
                "description", "d", "category", "OTHER", "severity", "LOW", "involvedParties", Set.of("sponsor")));
        String issue = c + "/issues/" + raised.json().get("id").asText();
        long next = raised.json().get("version").asLong() + 1;
        assertThat(sam.get(issue + "?minVersion=" + (next - 1)).status()).isEqualTo(200);

        List<CompletableFuture<HttpResponse<String>>> waits = new ArrayList<>();
        for (String reader : READERS) {
            for (int i = 0; i < WAITS_PER_USER; i++) {
                waits.add(http.sendAsync(get(reader, issue + "?minVersion=" + next),
                                         HttpResponse.BodyHandlers.ofString()));
            }
        }
        int suspended = READERS.size() * WAITS_PER_USER;
        assertThat(suspended).isGreaterThan(THREADS);
        await().atMost(60, TimeUnit.SECONDS).until(() -> waiting() == suspended);

        // every Tomcat thread would be parked by now if a wait held one; another request is still served
        assertThat(cora.get(issue).status()).isEqualTo(200);
        assertThat(cora.get(c).status()).isEqualTo(200);
        RunningApp.Response oneTooMany = app.as("rita", RunningApp.passwordOf("rita")).get(issue + "?minVersion=" + next);
        assertThat(oneTooMany.status()).isEqualTo(429);
        assertThat(oneTooMany.header("Retry-After")).isEqualTo("1");
        assertThat(oneTooMany.header("Content-Type")).startsWith("application/problem+json");
        assertThat(waits).noneMatch(CompletableFuture::isDone);
        assertThat(waiting()).isEqualTo(suspended);

        // the version they wait for arrives: every one of them is answered with it
        assertThat(sam.post(issue + "/comments", Map.of("text", "here it is")).json().get("version").asLong())
                .isEqualTo(next);
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (CompletableFuture<HttpResponse<String>> wait : waits) {
            assertThat(wait.get().statusCode()).isEqualTo(200);
            assertThat(wait.get().headers().firstValue("ETag")).hasValue("\"" + next + "\"");
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> waiting() == 0);
        assertThat(app.as("rita", RunningApp.passwordOf("rita")).get(issue + "?minVersion=" + next).status()).isEqualTo(200);
    }

    /** The server's count of suspended reads; -1 while it keeps none (as before reads were asynchronous). */
    private static double waiting() {
        Gauge gauge = app.bean(MeterRegistry.class).find("concordia.reads.version-waits").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static HttpRequest get(String username, String path) {
        String credentials = username + ":" + RunningApp.passwordOf(username);
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                          .header("Accept", "application/json")
                          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                  credentials.getBytes(StandardCharsets.UTF_8)))
                          .GET().build();
    }

    private static int port() {
        return ((org.springframework.boot.web.context.WebServerApplicationContext) app.context()).getWebServer()
                                                                                                  .getPort();
    }
}
