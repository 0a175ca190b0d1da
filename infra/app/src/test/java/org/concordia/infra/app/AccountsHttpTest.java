package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.types.Binary;
import org.concordia.infra.account.AccountAuditLog;
import org.concordia.infra.eventstore.CommitLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.DigestUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accounts under control (21 CFR 11.10(d), 11.300; Annex 11 §12), over real HTTP: a holder changes their password
 * with the current one; an administrator resets one (then the holder may only change it), disables and enables an
 * account (its credentials stop at once), grants and revokes the administrator role; password rules per NIST SP
 * 800-63B; reserved names; and every account change an event of the audit trail, with actor and reason, shown to
 * administrators only.
 */
class AccountsHttpTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static long head() {
        return app.bean(CommitLog.class).headPosition();
    }

    private static RunningApp.Response created(String username, String password) {
        return app.asAdmin().post("/api/v1/users", Map.of("username", username, "displayName", "D " + username,
                                                          "password", password));
    }

    private static void assertRefusedPassword(RunningApp.Response response, String field, String rule) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("errors")).anySatisfy(error -> {
            assertThat(error.get("field").asText()).isEqualTo(field);
            assertThat(error.get("rule").asText()).isEqualTo(rule);
        });
    }

    @Test
    void meTellsWhoTheCallerIs() {
        JsonNode me = app.user("mia").get("/api/v1/me").json();
        assertThat(me.get("username").asText()).isEqualTo("mia");
        assertThat(me.get("displayName").asText()).isEqualTo("MIA");
        assertThat(me.get("admin").asBoolean()).isFalse();
        assertThat(me.get("mustChangePassword").asBoolean()).isFalse();
        assertThat(app.asAdmin().get("/api/v1/me").json().get("admin").asBoolean()).isTrue();
        assertThat(app.anonymous().get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aHolderChangesTheirPasswordOnlyWithTheCurrentOneAndOnlyToAnAcceptableOne() {
        RunningApp.Call paul = app.user("paul");
        String current = RunningApp.passwordOf("paul");
        long before = head();
        RunningApp.Response wrong = paul.post("/api/v1/me/password",
                Map.of("currentPassword", "not-pauls-password-9", "newPassword", "tangerine-bicycle-42"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().at("/errors/0/field").asText()).isEqualTo("currentPassword");
        assertRefusedPassword(paul.post("/api/v1/me/password",
                Map.of("currentPassword", current, "newPassword", "password1234")), "newPassword", "PASSWORD_COMMON");
        assertRefusedPassword(paul.post("/api/v1/me/password",
                Map.of("currentPassword", current, "newPassword", "short-pw")), "newPassword", "PASSWORD_TOO_SHORT");
        assertRefusedPassword(paul.post("/api/v1/me/password",
                Map.of("currentPassword", current, "newPassword", "paul-is-my-name-1")), "newPassword",
                "PASSWORD_CONTAINS_USERNAME");
        assertRefusedPassword(paul.post("/api/v1/me/password",
                Map.of("currentPassword", current, "newPassword", "1234567890123")), "newPassword",
                "PASSWORD_REPETITIVE_OR_SEQUENTIAL");
        assertRefusedPassword(paul.post("/api/v1/me/password",
                Map.of("currentPassword", current, "newPassword", current)), "newPassword", "PASSWORD_UNCHANGED");
        assertThat(head()).as("nothing recorded for a refused change").isEqualTo(before);

        String longer = "a passphrase of many words, ".repeat(4) + "ünïcode too"; // > 72 bytes: not bcrypt's limit
        assertThat(paul.post("/api/v1/me/password", Map.of("currentPassword", current, "newPassword", longer))
                       .status()).isEqualTo(204);
        assertThat(paul.get("/api/v1/collaborations").status()).as("the old password stops at once").isEqualTo(401);
        assertThat(app.as("paul", longer).get("/api/v1/collaborations").status()).isEqualTo(200);
        assertThat(accountEvents()).anySatisfy(e -> {
            assertThat(e.get("type").asText()).isEqualTo("PasswordChanged");
            assertThat(e.get("actor").asText()).isEqualTo("paul");
        });
    }

    @Test
    void aResetPasswordAllowsNothingButChangingIt() {
        RunningApp.Call rita = app.user("rita");
        assertThat(rita.post("/api/v1/admin/users/rita/password-reset", Map.of("reason", "forgot it")).status())
                .as("not an administrator").isEqualTo(403);
        RunningApp.Response reset = app.asAdmin().post("/api/v1/admin/users/rita/password-reset",
                                                       Map.of("reason", "forgot it"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        String temporary = reset.json().get("temporaryPassword").asText();
        assertThat(temporary).hasSize(20);
        assertThat(rita.get("/api/v1/me").status()).as("the old password stops at once").isEqualTo(401);

        RunningApp.Call withTemporary = app.as("rita", temporary);
        RunningApp.Response blocked = withTemporary.get("/api/v1/collaborations");
        assertThat(blocked.status()).isEqualTo(403);
        assertThat(blocked.json().get("type").asText()).isEqualTo("urn:concordia:problem:password-change-required");
        assertThat(withTemporary.post("/api/v1/collaborations", Map.of("key", "RITA", "name", "n", "kind", "OTHER"))
                                .status()).isEqualTo(403);
        assertThat(withTemporary.get("/api/v1/me").json().get("mustChangePassword").asBoolean()).isTrue();
        assertThat(withTemporary.post("/api/v1/me/password",
                Map.of("currentPassword", temporary, "newPassword", "lantern-orchard-917")).status()).isEqualTo(204);
        RunningApp.Call changed = app.as("rita", "lantern-orchard-917");
        assertThat(changed.get("/api/v1/collaborations").status()).isEqualTo(200);
        assertThat(changed.get("/api/v1/me").json().get("mustChangePassword").asBoolean()).isFalse();

        assertRefusedPassword(app.asAdmin().post("/api/v1/admin/users/rita/password-reset",
                Map.of("temporaryPassword", "qwerty123456", "reason", "r")), "temporaryPassword", "PASSWORD_COMMON");
        RunningApp.Response chosen = app.asAdmin().post("/api/v1/admin/users/rita/password-reset",
                Map.of("temporaryPassword", "harbour-thistle-55", "reason", "asked by phone"));
        assertThat(chosen.json().has("temporaryPassword") && !chosen.json().get("temporaryPassword").isNull())
                .as("a password the administrator chose is not echoed").isFalse();
        assertThat(app.as("rita", "harbour-thistle-55").get("/api/v1/collaborations").status()).isEqualTo(403);
        assertThat(app.asAdmin().post("/api/v1/admin/users/nobody-here/password-reset",
                Map.of("reason", "r")).status()).isEqualTo(404);
    }

    @Test
    void aDisabledAccountIsRefusedAtOnceUntilEnabled() {
        RunningApp.Call dora = app.user("dora");
        assertThat(dora.get("/api/v1/collaborations").status()).isEqualTo(200);
        assertThat(dora.post("/api/v1/admin/users/dora/disable", Map.of("reason", "x")).status()).isEqualTo(403);
        assertThat(app.asAdmin().post("/api/v1/admin/users/dora/disable", Map.of()).status())
                .as("a reason is required").isEqualTo(400);

        RunningApp.Response disabled = app.asAdmin().post("/api/v1/admin/users/dora/disable",
                                                          Map.of("reason", "left the consortium"));
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertThat(dora.get("/api/v1/collaborations").status()).isEqualTo(401);
        assertThat(dora.get("/api/v1/me").status()).isEqualTo(401);
        RunningApp.Response again = app.asAdmin().post("/api/v1/admin/users/dora/disable", Map.of("reason", "x"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("ACCOUNT_ALREADY_DISABLED");

        assertThat(app.asAdmin().post("/api/v1/admin/users/dora/enable", Map.of("reason", "back from leave"))
                      .status()).isEqualTo(200);
        assertThat(dora.get("/api/v1/collaborations").status()).isEqualTo(200);

        RunningApp.Response self = app.asAdmin().post("/api/v1/admin/users/admin/disable", Map.of("reason", "x"));
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.json().get("rule").asText()).isEqualTo("OWN_ACCESS_UNCHANGEABLE");
        assertThat(app.asAdmin().post("/api/v1/admin/users/ghost/disable", Map.of("reason", "x")).status())
                .isEqualTo(404);
    }

    @Test
    void administratorsGrantAndRevokeTheRoleAndListAccounts() {
        RunningApp.Call gina = app.user("gina");
        assertThat(gina.get("/api/v1/admin/users").status()).isEqualTo(403);
        assertThat(app.asAdmin().post("/api/v1/admin/users/gina/admin", Map.of("grant", true, "reason", "deputy"))
                      .json().get("admin").asBoolean()).isTrue();
        JsonNode users = gina.get("/api/v1/admin/users?size=500").json();
        assertThat(users.get("items")).anySatisfy(u -> {
            assertThat(u.get("username").asText()).isEqualTo("admin");
            assertThat(u.get("admin").asBoolean()).isTrue();
            assertThat(u.get("enabled").asBoolean()).isTrue();
            assertThat(u.get("signsInWith").asText()).isEqualTo("PASSWORD");
            assertThat(u.toString()).doesNotContain("passwordHash").doesNotContain("argon2");
        });
        RunningApp.Response grantedTwice = app.asAdmin().post("/api/v1/admin/users/gina/admin",
                                                              Map.of("grant", true, "reason", "x"));
        assertThat(grantedTwice.json().get("rule").asText()).isEqualTo("ALREADY_ADMINISTRATOR");
        assertThat(app.asAdmin().post("/api/v1/admin/users/gina/admin", Map.of("grant", false, "reason", "done"))
                      .status()).isEqualTo(200);
        assertThat(gina.get("/api/v1/admin/users").status()).isEqualTo(403);
    }

    @Test
    void reservedNamesAndWeakPasswordsAreRefusedWhenCreatingAndNothingIsRecorded() {
        long before = head();
        for (String reserved : List.of("system", "admin", "root")) {
            RunningApp.Response refused = created(reserved, "tangerine-bicycle-42");
            assertThat(refused.status()).as(reserved).isEqualTo(400);
            assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("username");
        }
        assertRefusedPassword(created("wendell", "iloveyou1234"), "password", "PASSWORD_COMMON");
        assertRefusedPassword(created("wendell", "wendell-password"), "password", "PASSWORD_CONTAINS_USERNAME");
        assertRefusedPassword(created("wendell", "too-short"), "password", "PASSWORD_TOO_SHORT");
        assertRefusedPassword(created("wendell", "x".repeat(129)), "password", "PASSWORD_TOO_LONG");
        assertRefusedPassword(created("wendell", "my-concordia-pass"), "password", "PASSWORD_CONTAINS_SERVICE_NAME");
        assertThat(head()).isEqualTo(before);
        assertThat(app.as("system", "tangerine-bicycle-42").get("/api/v1/me").status()).isEqualTo(401);

        assertThat(created("wendell", "tangerine-bicycle-42").status()).isEqualTo(201);
        RunningApp.Response taken = created("wendell", "tangerine-bicycle-43");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("rule").asText()).isEqualTo("USERNAME_TAKEN");
    }

    @Test
    void everyAccountChangeIsAnEventWithActorAndReasonForAdministratorsOnly() {
        RunningApp.Call tess = app.user("tess");
        app.asAdmin().post("/api/v1/admin/users/tess/disable", Map.of("reason", "audit of leavers"));
        app.asAdmin().post("/api/v1/admin/users/tess/enable", Map.of("reason", "came back"));
        AccountAuditLog log = app.bean(AccountAuditLog.class);
        log.tokenCreated("tess", "tok-1", "dashboard", "READ", Instant.parse("2030-01-01T00:00:00Z"), "tess");
        log.tokenRevoked("tess", "tok-1", "admin", "rotated");
        assertThat(log.signInFailuresExceeded("tess", "192.0.2.10", 10)).isTrue();
        assertThat(log.signInFailuresExceeded("no-such-user", "192.0.2.10", 10)).isFalse();

        List<JsonNode> events = accountEvents();
        List<JsonNode> tessEvents = events.stream().filter(e -> e.at("/data/username").asText().equals("tess"))
                                          .toList();
        assertThat(tessEvents).extracting(e -> e.get("type").asText()).containsExactly("UserAccountCreated",
                "AccountDisabled", "AccountEnabled", "ApiTokenCreated", "ApiTokenRevoked", "SignInFailuresExceeded");
        assertThat(tessEvents).extracting(e -> e.get("actor").asText())
                              .containsExactly("admin", "admin", "admin", "tess", "admin", "system");
        assertThat(tessEvents.get(1).get("reason").asText()).isEqualTo("audit of leavers");
        assertThat(tessEvents.get(1).get("summary").asText()).isEqualTo("account tess disabled");
        assertThat(events.get(0).get("type").asText()).isEqualTo("UserAccountCreated");
        assertThat(events.get(0).get("actor").asText()).as("the bootstrap administrator").isEqualTo("system");
        assertThat(events).extracting(e -> e.get("position").asLong()).isSorted();
        assertThat(events.toString()).doesNotContain(RunningApp.passwordOf("tess")).doesNotContain("argon2");
        String csv = app.asAdmin().get("/api/v1/admin/audit-trail/accounts", "text/csv").body();
        assertThat(csv).contains("AccountDisabled").contains("audit of leavers");
        assertThat(tess.get("/api/v1/admin/audit-trail/accounts").status()).isEqualTo(403);

        // the feed: administrators see account events, a member of a collaboration does not
        String cid = tess.post("/api/v1/collaborations", Map.of("key", "TESS", "name", "n", "kind", "OTHER"))
                         .json().get("id").asText();
        await().atMost(20, TimeUnit.SECONDS).until(() -> tess.get("/api/v1/events?after=0",
                "application/cloudevents-batch+json").body().contains(cid));
        RunningApp.Response mine = tess.get("/api/v1/events?after=0&limit=500", "application/cloudevents-batch+json");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body()).contains(cid).doesNotContain("org.concordia.AccountDisabled").doesNotContain("UserAccountCreated");
        String all = app.asAdmin().get("/api/v1/events?after=0&limit=500", "application/cloudevents-batch+json")
                        .body();
        assertThat(all).contains("org.concordia.AccountDisabled.v1").contains("\"subject\":\"tess\"");
        assertThat(storedDocuments()).noneMatch(doc -> doc.contains(RunningApp.passwordOf("tess")));
    }

    /** The account events trail, as an administrator reads it (JSON, whole). */
    static List<JsonNode> accountEvents() {
        RunningApp.Response trail = app.asAdmin().get("/api/v1/admin/audit-trail/accounts");
        assertThat(trail.status()).as(trail.body()).isEqualTo(200);
        return StreamSupport.stream(trail.json().spliterator(), false).toList();
    }

    @Test
    void passwordsReachNoIdempotencyFingerprint() {
        String body = "{\"username\":\"ivo\",\"displayName\":\"Ivo\",\"password\":\"marmalade-comet-7\"}";
        RunningApp.Response first = app.asAdmin().postWithHeaders("/api/v1/users", body,
                                                                  Map.of("Idempotency-Key", "ivo-1"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(app.asAdmin().postWithHeaders("/api/v1/users", body, Map.of("Idempotency-Key", "ivo-1"))
                      .header("Idempotent-Replayed")).isEqualTo("true");
        String digest = DigestUtils.md5DigestAsHex(body.getBytes(StandardCharsets.UTF_8));
        assertThat(storedDocuments()).noneMatch(doc -> doc.contains(digest) || doc.contains("marmalade-comet-7"));
    }

    /** Every document in MongoDB as JSON, binary values also as text. */
    private static List<String> storedDocuments() {
        MongoDatabase database = app.bean(MongoDatabase.class);
        List<String> documents = new ArrayList<>();
        for (String name : database.listCollectionNames()) {
            for (Document doc : database.getCollection(name).find()) {
                documents.add(doc.toJson());
                doc.values().stream().filter(v -> v instanceof Binary)
                   .map(v -> new String(((Binary) v).getData(), StandardCharsets.UTF_8))
                   .forEach(documents::add);
            }
        }
        return documents;
    }
}
