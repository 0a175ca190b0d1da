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
            RunningApp.Call cora = app.as("cora", "onco-demo-pass");
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations").json()
                    .path("items").path(0).path("issueCount").asInt() == 12);
            JsonNode mine = cora.get("/api/v1/collaborations").json();
            assertThat(mine.get("total").asInt()).isEqualTo(1);
            String id = mine.get("items").get(0).get("id").asText();
            JsonNode onco = cora.get("/api/v1/collaborations/" + id).json();
            assertThat(onco.get("issueCount").asInt()).isEqualTo(12);
            assertThat(onco.get("parties")).hasSize(7);
            assertThat(onco.at("/governance/tiers")).hasSize(4);

            // signed through the same path as over HTTP, with the demo users' passwords
            String demo7 = "/api/v1/collaborations/" + id + "/issues/demo-7";
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.get(demo7).json().path("status").asText()
                    .equals("CLOSED"));
            JsonNode closed = cora.get(demo7).json();
            assertThat(closed.at("/decision/votes/0/signature/printedName").asText())
                    .isEqualTo("Carl Meyer (CRO project manager)");
            assertThat(closed.at("/decision/votes/0/signature/meaning").asText()).isEqualTo("APPROVED");
            assertThat(closed.at("/closing/signature/meaning").asText()).isEqualTo("CLOSED_AS_EFFECTIVE");
            assertThat(closed.at("/closing/signature/username").asText()).isEqualTo("carl");

            app.restart();
            assertThat(cora.get("/api/v1/collaborations/" + id).json().get("issueCount").asInt()).isEqualTo(12);
        }
    }
}
