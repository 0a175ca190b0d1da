package org.concordia.infra.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    @TempDir
    Path dataDir;

    @Test
    void aUserOverTheLimitGets429WithRetryAfter() {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.rate-limit.requests-per-minute=5")) {
            RunningApp.Call cora = app.user("cora");
            int lastStatus = 0;
            for (int i = 0; i < 6; i++) {
                lastStatus = cora.get("/api/v1/collaborations").status();
            }
            RunningApp.Response limited = cora.get("/api/v1/collaborations");
            assertThat(lastStatus).isEqualTo(429);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        }
    }
}
