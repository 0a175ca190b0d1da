package org.concordia.infra.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's way of running Concordia: the packaged jar starts on an empty data directory, seeds demo data, serves. */
class ExecutableJarIT {

    @TempDir
    Path workDir;

    @Test
    void thePackagedApplicationStartsWithDemoDataAndServes() throws Exception {
        String jar = System.getProperty("concordia.executableJar");
        assertThat(new File(jar)).exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                         "-jar", jar, "--server.port=" + port, "--demo",
                                         "--concordia.data-dir=" + workDir.resolve("data"),
                                         "--concordia.embedded.cache-size-mb=32")
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("app.log").toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                              HttpResponse.BodyHandlers.ofString()).statusCode() == 200); // overall UP
            String auth = "Basic " + Base64.getEncoder().encodeToString("cora:onco-demo-pass".getBytes(StandardCharsets.UTF_8));
            // UP means started, --demo's seeding included: the demo's accounts sign in at once
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me")).header("Authorization", auth)
                                         .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/collaborations")).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"key\":\"ONCO\""));
        } finally {
            app.destroy();
            app.waitFor(30, TimeUnit.SECONDS);
            app.destroyForcibly();
        }
    }
}
