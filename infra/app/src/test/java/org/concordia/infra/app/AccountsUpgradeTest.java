package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account stored by an earlier release (no account events then, a bcrypt hash) gets its {@code UserAccountCreated}
 * at the next start, recorded by {@code system} with a reason that says so; its password still works, and it is
 * under control like any other.
 */
class AccountsUpgradeTest {

    @TempDir
    Path dataDir;

    @Test
    void anAccountOfAnEarlierReleaseIsRecordedAtStartAndKeepsItsPassword() {
        try (RunningApp app = new RunningApp(dataDir)) {
            // as the earlier release stored it
            app.bean(MongoDatabase.class).getCollection("users").insertOne(new Document("_id", "olden")
                    .append("displayName", "Olden Days")
                    .append("passwordHash", "{bcrypt}" + new BCryptPasswordEncoder().encode("olden-password-1"))
                    .append("admin", false)
                    .append("createdAt", "2025-06-01T08:00:00Z"));
            app.restart();

            RunningApp.Call olden = app.as("olden", "olden-password-1");
            assertThat(olden.get("/api/v1/me").json().get("displayName").asText()).isEqualTo("Olden Days");
            List<JsonNode> events = StreamSupport.stream(app.asAdmin().get("/api/v1/admin/audit-trail/accounts")
                                                            .json().spliterator(), false)
                                                 .filter(e -> e.at("/data/username").asText().equals("olden"))
                                                 .toList();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.get("type").asText()).isEqualTo("UserAccountCreated");
                assertThat(e.get("actor").asText()).isEqualTo("system");
                assertThat(e.get("reason").asText()).startsWith("recorded at upgrade")
                                                    .contains("2025-06-01T08:00:00Z");
            });
            assertThat(app.asAdmin().post("/api/v1/admin/users/olden/disable", Map.of("reason", "dormant"))
                          .status()).isEqualTo(200);
            assertThat(olden.get("/api/v1/me").status()).isEqualTo(401);

            app.restart(); // recorded once
            long created = StreamSupport.stream(app.asAdmin().get("/api/v1/admin/audit-trail/accounts").json()
                                                   .spliterator(), false)
                                        .filter(e -> e.at("/data/username").asText().equals("olden"))
                                        .filter(e -> e.get("type").asText().equals("UserAccountCreated")).count();
            assertThat(created).isEqualTo(1);
        }
    }
}
