package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.concordia.infra.security.UserAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/** API tokens over real HTTP: created for oneself and shown once, stored as a hash only, scoped, revoked, expired. */
class ApiTokensHttpTest {

    /** Accounts disabled by the test (the account-management API that disables them is not part of this test). */
    static final Set<String> DISABLED = ConcurrentHashMap.newKeySet();

    @Configuration(proxyBeanMethods = false)
    static class DisablingAccounts {
        @Bean
        @Primary
        UserDetailsService disablingUserDetails(UserAccounts accounts) {
            return username -> {
                UserDetails user = accounts.loadUserByUsername(username);
                return DISABLED.contains(username) ? User.withUserDetails(user).disabled(true).build() : user;
            };
        }
    }

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = RunningApp.configured(dataDir, DisablingAccounts.class);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aTokenIsShownOnceStoredOnlyAsItsHashAndActsAsItsOwner() throws Exception {
        RunningApp.Call cora = app.user("cora");
        RunningApp.Response created = cora.post("/api/v1/me/tokens",
                                                Map.of("name", "ci pipeline", "expiresIn", "P30D", "scope", "READ_WRITE"));
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String secret = body.get("token").asText();
        String id = body.get("id").asText();
        assertThat(secret).startsWith("cct_");
        assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32); // 256 bits
        assertThat(created.header("Location")).isEqualTo("/api/v1/me/tokens/" + id);
        assertThat(created.header("Cache-Control")).contains("no-store");
        assertThat(Instant.parse(body.get("expiresAt").asText()))
                .isBetween(Instant.now().plusSeconds(29 * 86_400), Instant.now().plusSeconds(31 * 86_400));

        RunningApp.Response listed = cora.get("/api/v1/me/tokens");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret.substring(4));
        JsonNode item = listed.json().get("items").get(0);
        assertThat(item.get("id").asText()).isEqualTo(id);
        assertThat(item.get("name").asText()).isEqualTo("ci pipeline");
        assertThat(item.get("scope").asText()).isEqualTo("READ_WRITE");
        assertThat(item.has("token")).isFalse();

        // Nowhere in the database, in any form but its SHA-256 (the key it is found by).
        MongoDatabase database = app.bean(MongoDatabase.class);
        List<String> holding = new ArrayList<>();
        for (String collection : database.listCollectionNames()) {
            for (Document document : database.getCollection(collection).find()) {
                if (document.toJson().contains(secret.substring(4))) {
                    holding.add(collection);
                }
            }
        }
        assertThat(holding).isEmpty();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                            .digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(database.getCollection("api_tokens").find(eq("_id", hash)).first()).isNotNull();

        RunningApp.Call token = app.bearer(secret);
        RunningApp.Response registered = token.post("/api/v1/collaborations",
                                                    Map.of("key", "TOKN", "name", "By token", "kind", "OTHER"));
        assertThat(registered.status()).isEqualTo(201);
        String path = "/api/v1/collaborations/" + registered.json().get("id").asText() + "?minVersion=1";
        RunningApp.Response read = token.get(path);
        // minVersion waits a bounded time; on a loaded machine the view may still be behind, so ask again
        for (long deadline = System.nanoTime() + 60_000_000_000L;
             read.status() == 404 && System.nanoTime() < deadline; read = token.get(path)) {
            Thread.sleep(200);
        }
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("registeredBy").asText()).isEqualTo("cora");
    }

    @Test
    void aReadTokenMayOnlyReadAndNoTokenMayManageTokens() {
        RunningApp.Call rita = app.user("rita");
        String secret = createToken(rita, "dashboard", "READ");
        RunningApp.Call token = app.bearer(secret);
        assertThat(token.get("/api/v1/collaborations").status()).isEqualTo(200);

        RunningApp.Response write = token.post("/api/v1/collaborations",
                                               Map.of("key", "READONLY", "name", "Refused", "kind", "OTHER"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.header("Content-Type")).startsWith("application/problem+json");
        assertThat(rita.get("/api/v1/collaborations").json().get("total").asInt()).isZero();

        String readWrite = createToken(rita, "script", "READ_WRITE");
        RunningApp.Response minted = app.bearer(readWrite).post("/api/v1/me/tokens",
                Map.of("name", "successor", "expiresIn", "P1D", "scope", "READ_WRITE"));
        assertThat(minted.status()).isEqualTo(403);
        String id = rita.get("/api/v1/me/tokens").json().get("items").get(0).get("id").asText();
        assertThat(app.bearer(readWrite).delete("/api/v1/me/tokens/" + id).status()).isEqualTo(403);
        assertThat(rita.get("/api/v1/me/tokens").json().get("items")).hasSize(2);
    }

    @Test
    void revokedExpiredAndUnknownTokensAreRefusedWith401() {
        RunningApp.Call rob = app.user("rob");
        String revoked = createToken(rob, "old", "READ_WRITE");
        String expiring = createToken(rob, "short-lived", "READ");
        String revokedId = idOf(rob, "old");
        assertThat(app.bearer(revoked).get("/api/v1/me/inbox").status()).isEqualTo(200);

        // Another user cannot see or revoke it.
        assertThat(app.user("eve").delete("/api/v1/me/tokens/" + revokedId).status()).isEqualTo(404);
        assertThat(app.bearer(revoked).get("/api/v1/me/inbox").status()).isEqualTo(200);

        assertThat(rob.delete("/api/v1/me/tokens/" + revokedId).status()).isEqualTo(204);
        RunningApp.Response refused = app.bearer(revoked).get("/api/v1/me/inbox");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(rob.delete("/api/v1/me/tokens/" + revokedId).status()).isEqualTo(404);
        assertThat(rob.get("/api/v1/me/tokens").json().get("items")).hasSize(1);

        assertThat(app.bearer(expiring).get("/api/v1/me/inbox").status()).isEqualTo(200);
        app.bean(MongoDatabase.class).getCollection("api_tokens").updateOne(
                eq("owner", "rob"), Updates.set("expiresAt", Date.from(Instant.now().minusSeconds(1))));
        assertThat(app.bearer(expiring).get("/api/v1/me/inbox").status()).isEqualTo(401);

        String forged = "cct_" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        assertThat(app.bearer(forged).get("/api/v1/me/inbox").status()).isEqualTo(401);
        assertThat(app.bearer("cct_short").get("/api/v1/me/inbox").status()).isEqualTo(401);
    }

    @Test
    void disablingAnAccountStopsItsTokensAndItsRememberedPasswordAtOnce() {
        RunningApp.Call dora = app.user("dora");
        String secret = createToken(dora, "sync", "READ_WRITE");
        assertThat(app.bearer(secret).get("/api/v1/me/inbox").status()).isEqualTo(200);
        assertThat(dora.get("/api/v1/me/inbox").status()).isEqualTo(200); // remembered from here on

        DISABLED.add("dora");
        try {
            assertThat(app.bearer(secret).get("/api/v1/me/inbox").status()).isEqualTo(401);
            assertThat(dora.get("/api/v1/me/inbox").status()).isEqualTo(401);
        } finally {
            DISABLED.remove("dora");
        }
        assertThat(app.bearer(secret).get("/api/v1/me/inbox").status()).isEqualTo(200);
        assertThat(dora.get("/api/v1/me/inbox").status()).isEqualTo(200);
    }

    @Test
    void invalidTokenRequestsNameTheFieldAndCreateNothing() {
        RunningApp.Call ivan = app.user("ivan");
        assertThat(invalidField(ivan, Map.of("name", "x", "scope", "READ"))).isEqualTo("expiresAt");
        assertThat(invalidField(ivan, Map.of("name", "x", "scope", "READ", "expiresIn", "P1D",
                                             "expiresAt", Instant.now().plusSeconds(60).toString())))
                .isEqualTo("expiresAt");
        assertThat(invalidField(ivan, Map.of("name", "x", "scope", "READ", "expiresIn", "P400D")))
                .isEqualTo("expiresIn");
        assertThat(invalidField(ivan, Map.of("name", "x", "scope", "READ", "expiresIn", "-PT1H")))
                .isEqualTo("expiresIn");
        assertThat(invalidField(ivan, Map.of("name", "x", "scope", "READ",
                                             "expiresAt", Instant.now().minusSeconds(60).toString())))
                .isEqualTo("expiresAt");
        assertThat(invalidField(ivan, Map.of("name", "x", "expiresIn", "P1D"))).isEqualTo("scope");
        assertThat(invalidField(ivan, Map.of("name", "x", "expiresIn", "P1D", "scope", "ADMIN"))).isEqualTo("scope");
        assertThat(invalidField(ivan, Map.of("name", " ", "expiresIn", "P1D", "scope", "READ"))).isEqualTo("name");
        assertThat(invalidField(ivan, Map.of("name", "x", "expiresIn", "P1D", "scope", "READ",
                                             "requestsPerMinute", 0))).isEqualTo("requestsPerMinute");
        assertThat(invalidField(ivan, Map.of("name", "x", "expiresIn", "P1D", "scope", "READ",
                                             "requestsPerMinute", 10_000_000))).isEqualTo("requestsPerMinute");
        assertThat(invalidField(ivan, Map.of("name", "x", "expiresIn", "P1D", "scope", "READ", "owner", "cora")))
                .isEqualTo("owner");
        assertThat(ivan.get("/api/v1/me/tokens").json().get("items")).isEmpty();
        assertThat(app.anonymous().post("/api/v1/me/tokens", Map.of("name", "x", "expiresIn", "P1D",
                                                                    "scope", "READ")).status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesTokensAndTheirScheme() {
        JsonNode api = app.anonymous().get("/v3/api-docs").json();
        assertThat(api.at("/paths/~1api~1v1~1me~1tokens/post").isMissingNode()).isFalse();
        assertThat(api.at("/paths/~1api~1v1~1me~1tokens~1{id}/delete").isMissingNode()).isFalse();
        assertThat(api.at("/components/securitySchemes/apiToken/scheme").asText()).isEqualTo("bearer");
    }

    private static String invalidField(RunningApp.Call caller, Map<String, Object> body) {
        RunningApp.Response response = caller.post("/api/v1/me/tokens", body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        return response.json().get("errors").get(0).get("field").asText();
    }

    private static String createToken(RunningApp.Call owner, String name, String scope) {
        RunningApp.Response created = owner.post("/api/v1/me/tokens",
                                                 Map.of("name", name, "expiresIn", "P7D", "scope", scope));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").asText();
    }

    private static String idOf(RunningApp.Call owner, String name) {
        for (JsonNode item : owner.get("/api/v1/me/tokens").json().get("items")) {
            if (item.get("name").asText().equals(name)) {
                return item.get("id").asText();
            }
        }
        throw new AssertionError("no token named " + name);
    }
}
