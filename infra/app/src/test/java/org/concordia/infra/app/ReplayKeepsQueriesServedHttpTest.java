package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.ReplayToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replaying the {@code collaborations} projection, which every membership check reads, while a member keeps reading
 * their collaboration and an issue of it: no answer is a 404 (the queries read the old generation until the rebuilt
 * one has caught up).
 */
class ReplayKeepsQueriesServedHttpTest {

    /** Replayed collaboration events take a few milliseconds each, so the replay lasts long enough to be watched. */
    @Configuration(proxyBeanMethods = false)
    static class SlowReplay {
        @Bean
        ConfigurerModule slowCollaborationsReplay() {
            return configurer -> configurer.eventProcessing(processing -> processing.registerHandlerInterceptor(
                    "collaborations", c -> (unitOfWork, chain) -> {
                        if (ReplayToken.isReplay(unitOfWork.getMessage())) {
                            Thread.sleep(15);
                        }
                        return chain.proceed();
                    }));
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void aMemberReadingTheirCollaborationDuringItsReplayNeverGetsA404() {
        try (RunningApp app = RunningApp.configured(dataDir, SlowReplay.class)) {
            RunningApp.Call cora = app.user("cora");
            RunningApp.Call mia = app.user("mia");
            // history before the member's collaboration: a replay spends a while here before reaching it
            for (int c = 0; c < 2; c++) {
                String other = cora.post("/api/v1/collaborations", Map.of("key", "OTHER" + (char) ('A' + c), "name", "Other " + c,
                                                                          "kind", "OTHER")).json().get("id").asText();
                cora.get("/api/v1/collaborations/" + other + "?minVersion=1");
                for (int p = 0; p < 50; p++) {
                    assertThat(cora.post("/api/v1/collaborations/" + other + "/parties",
                                         Map.of("partyId", "p" + p, "name", "Party " + p, "role", "OTHER")).status())
                            .isBetween(200, 201);
                }
            }
            String cid = cora.post("/api/v1/collaborations", Map.of("key", "MINE", "name", "Mine", "kind", "OTHER"))
                             .json().get("id").asText();
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
            assertThat(cora.post("/api/v1/collaborations/" + cid + "/parties",
                                 Map.of("partyId", "site", "name", "Site", "role", "SITE")).status()).isBetween(200, 201);
            RunningApp.Response added = cora.post("/api/v1/collaborations/" + cid + "/members",
                                                  Map.of("username", "mia", "partyId", "site",
                                                         "roles", List.of("CONTRIBUTOR")));
            assertThat(added.status()).as(added.body()).isBetween(200, 201);
            RunningApp.Response ladder = cora.put("/api/v1/collaborations/" + cid + "/governance", Map.of("tiers", List.of(
                    Map.of("name", "Working group", "members", List.of("mia"), "acknowledgeWithin", "P2D",
                           "resolveWithin", "P14D", "quorum", 1))));
            assertThat(ladder.status()).as(ladder.body()).isBetween(200, 201);
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + ladder.json().get("version").asLong());
            RunningApp.Response raised = mia.post("/api/v1/collaborations/" + cid + "/issues", Map.of(
                    "type", "ISSUE", "title", "Late samples", "description", "Courier delays",
                    "category", "PROTOCOL_DEVIATION", "severity", "LOW", "involvedParties", List.of("site")));
            assertThat(raised.status()).as(raised.body()).isEqualTo(201);
            String issue = "/api/v1/collaborations/" + cid + "/issues/" + raised.json().get("id").asText();
            await().atMost(30, TimeUnit.SECONDS).until(() -> mia.get(issue).status() == 200);
            String collaboration = mia.get("/api/v1/collaborations/" + cid).body();

            RunningApp.Response replay = app.asAdmin().post("/api/v1/admin/projections/collaborations/replay",
                                                             Map.of());
            assertThat(replay.status()).isEqualTo(202);
            assertThat(replay.json().path("buildingGeneration").asLong()).isEqualTo(1);

            List<String> failures = new ArrayList<>();
            int readsDuringReplay = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                JsonNode status = app.asAdmin().get("/api/v1/admin/projections/collaborations").json();
                boolean rebuilding = !status.path("buildingGeneration").isNull();
                RunningApp.Response view = mia.get("/api/v1/collaborations/" + cid);
                RunningApp.Response read = mia.get(issue);
                RunningApp.Response mine = mia.get("/api/v1/collaborations");
                if (view.status() != 200 || read.status() != 200 || !mine.body().contains(cid)) {
                    failures.add(view.status() + " " + read.status() + " " + mine.body());
                }
                if (!rebuilding) {
                    assertThat(status.path("servingGeneration").asLong()).isEqualTo(1);
                    break;
                }
                readsDuringReplay++;
                assertThat(view.body()).as("the collaboration as it stood when the replay began")
                                       .isEqualTo(collaboration);
            }
            assertThat(failures).as("answers other than 200 during the replay").isEmpty();
            assertThat(readsDuringReplay).as("reads while the replay ran").isGreaterThan(3);
            assertThat(mia.get("/api/v1/collaborations/" + cid).body()).isEqualTo(collaboration);
            assertThat(mia.get(issue).status()).isEqualTo(200);
        }
    }
}
