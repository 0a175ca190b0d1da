package org.concordia.infra.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A projection on legal hold keeps its read model as it is: a rebuild, which would replace it, is refused. */
class ReadModelRetentionHttpTest {

    @TempDir
    Path dataDir;

    @Test
    void aProjectionOnLegalHoldIsNotRebuiltAndTheOthersStillAre() {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.retention.legal-hold=issue-views")) {
            RunningApp.Response held = app.asAdmin().post("/api/v1/admin/projections/issue-views/replay", Map.of());
            assertThat(held.status()).as(held.body()).isEqualTo(409);
            assertThat(held.header("Content-Type")).startsWith("application/problem+json");
            assertThat(held.json().get("detail").asText()).contains("legal hold");
            var status = app.asAdmin().get("/api/v1/admin/projections/issue-views").json();
            assertThat(status.get("buildingGeneration").isNull()).isTrue();
            assertThat(status.get("running").asBoolean()).isTrue();

            RunningApp.Response free = app.asAdmin().post("/api/v1/admin/projections/decisions/replay", Map.of());
            assertThat(free.status()).as(free.body()).isEqualTo(202);
        }
    }
}
