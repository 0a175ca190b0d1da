package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every page of the workspace in a real browser against the demo consortium: it renders what the views hold,
 * passes axe-core (no serious or critical WCAG 2.2 AA violation) and is saved as a screenshot under
 * target/screenshots, at 1280 px and at a phone's width.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspacePagesBrowserTest {

    static final String ONCO = "2ed79b1f-cb28-3796-9b81-60be1e9eee25";

    @TempDir
    Path dataDir;
    RunningApp app;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        app = new RunningApp(dataDir, "--demo");
        RunningApp.Call cora = app.as("cora", "cora-demo-pass");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations/" + ONCO + "/issues/demo-12")
                .status() == 200 && cora.get("/api/v1/me/inbox").status() == 200);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signInShowsMyCollaborationsAndTheDashboard() {
        try (Browser cora = new Browser("cora", app.baseUrl())) {
            cora.open("/app");
            assertThat(cora.path()).startsWith("/login");
            cora.assertAccessible("sign-in");
            cora.screenshot("01-sign-in");

            cora.signIn("cora", "cora-demo-pass");
            assertThat(cora.text("h1")).isEqualTo("My collaborations");
            assertThat(cora.text("main")).contains("ONCO-3 phase III consortium");
            cora.assertAccessible("my collaborations");
            cora.screenshot("02-my-collaborations");

            cora.open("/app/c/" + ONCO);
            assertThat(cora.text("#dashboard-heading")).contains("open");
            cora.find(".chart canvas");
            cora.assertAccessible("dashboard");
            cora.screenshot("03-dashboard");
            cora.resize(390, 844);
            cora.screenshot("03-dashboard-phone");
        }
    }
}
