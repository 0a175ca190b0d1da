package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Open pages follow what others do (SSE), without a reload: the dashboard's count and the issue's comments. */
class LiveUpdatesBrowserTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;

    @TempDir
    Path dataDir;

    @Test
    void theDashboardAndTheIssuePageRedrawWhenSomeoneElseActs() {
        Browser.assumeInstalled();
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call sita = app.as("sita", "onco-demo-pass");
            String issues = "/api/v1/collaborations/" + ONCO + "/issues";
            await().atMost(60, TimeUnit.SECONDS).until(() -> sita.get(issues + "/demo-12").status() == 200);
            try (Browser carl = new Browser("carl-live", app.baseUrl())) {
                carl.signIn("carl", "onco-demo-pass");
                carl.open("/app/c/" + ONCO);
                String before = carl.text("#dashboard-heading");
                long open = Long.parseLong(before.split(" ")[0]);
                carl.driver().executeScript("window.notReloaded = true;");

                assertThat(sita.post(issues, Map.of("type", "ISSUE", "title", "Courier lost a sample shipment",
                        "description", "Lost between site 101 and the central lab.", "category", "DATA_QUALITY",
                        "severity", "HIGH", "involvedParties", List.of("site101"))).status()).isEqualTo(201);
                new WebDriverWait(carl.driver(), Duration.ofSeconds(30))
                        .ignoring(StaleElementReferenceException.class).until(d -> carl.text("#dashboard-heading")
                        .startsWith((open + 1) + " open"));
                assertThat(carl.driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);

                carl.open("/app/c/" + ONCO + "/issues/demo-1");
                carl.driver().executeScript("window.notReloaded = true;");
                assertThat(sita.post(issues + "/demo-1/comments", Map.of("text", "Backlog down to 120 queries."))
                               .status()).isEqualTo(201);
                new WebDriverWait(carl.driver(), Duration.ofSeconds(30))
                        .ignoring(StaleElementReferenceException.class).until(d -> carl.text("#comments")
                        .contains("Backlog down to 120 queries."));
                assertThat(carl.driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);
            }
        }
    }
}
