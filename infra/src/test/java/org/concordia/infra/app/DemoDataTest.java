package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code --demo} seeds a consortium through the real commands, once. */
class DemoDataTest {

    @TempDir
    Path dataDir;

    @Test
    void theDemoConsortiumIsSeededOnceAndVisibleToItsMembers() {
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call cora = app.as("cora", "cora-demo-pass");
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations").json()
                    .path("items").path(0).path("issueCount").asInt() == 12);
            JsonNode mine = cora.get("/api/v1/collaborations").json();
            assertThat(mine.get("total").asInt()).isEqualTo(1);
            String id = mine.get("items").get(0).get("id").asText();
            JsonNode onco = cora.get("/api/v1/collaborations/" + id).json();
            assertThat(onco.get("issueCount").asInt()).isEqualTo(12);
            assertThat(onco.get("parties")).hasSize(7);
            assertThat(onco.at("/governance/tiers")).hasSize(4);

            app.restart();
            assertThat(cora.get("/api/v1/collaborations/" + id).json().get("issueCount").asInt()).isEqualTo(12);
        }
    }
}
