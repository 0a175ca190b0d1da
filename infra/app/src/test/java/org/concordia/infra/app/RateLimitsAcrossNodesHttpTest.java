package org.concordia.infra.app;

import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two application nodes on one MongoDB (the embedded MongoDB-wire server on a free loopback port, reached through a
 * {@code mongodb://} URI as a real one is, as in {@link TwoNodesHttpTest}): a credential's request rate limit is
 * its allowance in all, not per node — a user's Basic allowance and an API token's own allowance are used up by
 * requests spread over both nodes, and then both nodes refuse with 429 and {@code Retry-After}.
 */
class RateLimitsAcrossNodesHttpTest {

    @TempDir
    Path mongoDir;
    @TempDir
    Path dataDir; // shared by both nodes, as a deployment shares its keys

    @Test
    void aUsersAndATokensAllowancesAreSharedByBothNodes() {
        try (EmbeddedMongoServer mongo = EmbeddedMongoServer.start(mongoDir, 32,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             RunningApp a = node(mongo, "node-a");
             RunningApp b = node(mongo, "node-b")) {
            a.user("cora");
            a.user("tom");
            RunningApp.Call coraA = a.as("cora", RunningApp.passwordOf("cora"));
            RunningApp.Call coraB = b.as("cora", RunningApp.passwordOf("cora"));

            // 8 a minute in all: 4 through each node, then both refuse
            for (int i = 0; i < 8; i++) {
                RunningApp.Response response = (i % 2 == 0 ? coraA : coraB).get("/api/v1/me/inbox");
                assertThat(response.status()).as("request %d: %s", i + 1, response.body()).isEqualTo(200);
            }
            for (RunningApp.Call node : new RunningApp.Call[]{coraA, coraB}) {
                RunningApp.Response refused = node.get("/api/v1/me/inbox");
                assertThat(refused.status()).isEqualTo(429);
                assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            }

            // a token of its own 3 a minute: used up across both nodes, apart from its owner's Basic allowance
            RunningApp.Response created = a.as("tom", RunningApp.passwordOf("tom")).post("/api/v1/me/tokens",
                    Map.of("name", "dashboard", "expiresIn", "P1D", "scope", "READ", "requestsPerMinute", 3));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String token = created.json().get("token").asText();
            assertThat(b.bearer(token).get("/api/v1/me/inbox").status()).isEqualTo(200);
            assertThat(a.bearer(token).get("/api/v1/me/inbox").status()).isEqualTo(200);
            assertThat(b.bearer(token).get("/api/v1/me/inbox").status()).isEqualTo(200);
            assertThat(a.bearer(token).get("/api/v1/me/inbox").status()).isEqualTo(429);
            assertThat(b.bearer(token).get("/api/v1/me/inbox").status()).isEqualTo(429);
            assertThat(b.as("tom", RunningApp.passwordOf("tom")).get("/api/v1/me/inbox").status()).isEqualTo(200);
        }
    }

    private RunningApp node(EmbeddedMongoServer mongo, String name) {
        return new RunningApp(dataDir,
                "--concordia.mongodb.uri=" + mongo.connectionString(),
                "--concordia.event-store.node-id=" + name,
                "--concordia.rate-limit.requests-per-minute=8");
    }
}
