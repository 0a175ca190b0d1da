package org.concordia.infra.api.webhook;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default configuration, webhook URLs pointing inside the network are refused at registration. */
class WebhookSsrfDefaultTest {

    @TempDir
    Path dataDir;

    @Test
    void theDefaultRefusesLoopbackPrivateLinkLocalAndNonHttpTargets() {
        try (RunningApp app = new RunningApp(dataDir)) {
            RunningApp.Call cora = app.user("cora");
            String cid = cora.post("/api/v1/collaborations", Map.of("key", "SSRF", "name", "S", "kind", "OTHER"))
                             .json().get("id").asText();
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.0.0.5/hook",
                                      "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
                                      "http://192.168.0.10/hook", "ftp://example.org/hook", "http:///no-host")) {
                RunningApp.Response refused = cora.post("/api/v1/webhooks", Map.of(
                        "url", url, "eventTypes", List.of(), "collaborationId", cid));
                assertThat(refused.status()).as(url).isEqualTo(400);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("url");
            }
            assertThat(cora.get("/api/v1/webhooks").json().get("total").asInt()).isZero();
        }
    }
}
