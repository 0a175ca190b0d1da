package org.concordia.infra.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One allowance per credential: each user per kind of sign-in, and each API token (its own, or the token default). */
class RateLimitTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir, "--concordia.rate-limit.requests-per-minute=5",
                             "--concordia.rate-limit.token-requests-per-minute=8");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aUserOverTheLimitGets429WithRetryAfter() {
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

    @Test
    void eachTokenHasItsOwnAllowanceApartFromItsOwnersBasicOne() {
        RunningApp.Call tom = app.user("tom");
        RunningApp.Call byDefault = app.bearer(token(tom, null));   // the token default: 8 a minute
        RunningApp.Call ownLimit = app.bearer(token(tom, 3));       // its own: 3 a minute
        // tom has used 2 of his 5 Basic requests on creating the tokens

        assertThat(requestsUntilRefused(ownLimit, 20)).isEqualTo(3);
        assertThat(requestsUntilRefused(byDefault, 20)).isEqualTo(8);
        assertThat(requestsUntilRefused(tom, 20)).isEqualTo(3);
    }

    /** How many requests succeed before the first 429 (at most {@code max}). */
    private static int requestsUntilRefused(RunningApp.Call caller, int max) {
        for (int i = 0; i < max; i++) {
            RunningApp.Response response = caller.get("/api/v1/me/inbox");
            if (response.status() == 429) {
                assertThat(response.header("Retry-After")).isNotBlank();
                return i;
            }
            assertThat(response.status()).isEqualTo(200);
        }
        return max;
    }

    private static String token(RunningApp.Call owner, Integer requestsPerMinute) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "t" + requestsPerMinute, "expiresIn", "P1D",
                                                        "scope", "READ"));
        if (requestsPerMinute != null) {
            body.put("requestsPerMinute", requestsPerMinute);
        }
        RunningApp.Response created = owner.post("/api/v1/me/tokens", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }
}
