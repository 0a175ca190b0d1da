package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The governance forms in a real browser on the demo consortium: the issue page's signing dialog for closing without
 * a vote and the correction forms, the ladder's entry routes, a member's page, the users page and the issue list in
 * severity order — each passing axe-core, its refusals shown next to the control with what was typed kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceFormsBrowserTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;

    @TempDir
    static Path dataDir;
    RunningApp app;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        app = new RunningApp(dataDir, "--demo");
        RunningApp.Call cora = app.as("cora", "onco-demo-pass");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations/" + ONCO + "/issues/demo-14")
                .status() == 200);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theChairsSigningDialogAndTheCorrectionFormsPassAxeAndARefusalKeepsWhatWasTyped() {
        try (Browser carl = new Browser("carl-governance", app.baseUrl())) {
            carl.signIn("carl", "onco-demo-pass");
            carl.open("/app/c/" + ONCO + "/issues/demo-6"); // resolved, its action overdue: the CAPA corrections
            carl.driver().executeScript("document.querySelectorAll('#actions details').forEach(d => d.open = true);");
            assertThat(carl.text("#actions")).contains("Correct the action: Revise leaflet with the patient panel")
                                             .contains("Correct the details");
            carl.assertAccessible("issue page with the correction forms open");
            carl.screenshot("40-issue-corrections");

            carl.open("/app/c/" + ONCO + "/issues/demo-1"); // open at the working group, which carl chairs
            carl.find("#dismiss-issue").click();
            carl.find("#sign-dismiss input[value=NO_ACTION_NEEDED]").click();
            carl.find("#dismiss-reason").sendKeys("Backlog cleared by the site");
            carl.find("#dismiss-password").sendKeys("not-my-password");
            carl.assertAccessible("closing-without-a-vote dialog");
            carl.find("#sign-dismiss button[type=submit]").click();
            carl.awaitReady();
            assertThat(carl.text("#refusal-dismiss")).contains("The password does not match");
            assertThat(carl.find("#dismiss-reason").getAttribute("value")).isEqualTo("Backlog cleared by the site");
            assertThat(carl.find("#sign-dismiss input[value=NO_ACTION_NEEDED]").isSelected()).isTrue();
            carl.assertAccessible("closing-without-a-vote dialog with a refusal");
            carl.screenshot("41-dismiss-refused");
        }
    }

    @Test
    void theLadderEditorSetsEntryRoutesAndARouteBeyondTheTopTierIsRefusedInWords() {
        try (Browser cora = new Browser("cora-routes", app.baseUrl())) {
            cora.signIn("cora", "onco-demo-pass");
            cora.open("/app/c/" + ONCO + "/setup");
            assertThat(new Select(cora.find("#route-category-0")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("SAFETY");
            cora.assertAccessible("set-up with entry routes");
            new Select(cora.find("#route-category-1")).selectByValue("BUDGET");
            new Select(cora.find("#route-severity-1")).selectByValue("HIGH");
            cora.find("#route-level-1").sendKeys("9");
            cora.find("#ladder-reason").sendKeys("Budget disputes go to the trial management group");
            cora.find("#ladder-form button[type=submit]").click();
            cora.awaitReady();
            assertThat(cora.text("#refusal-ladder")).contains("level 9 is beyond the top tier");
            assertThat(cora.find("#route-level-1").getAttribute("value")).isEqualTo("9");
            cora.assertAccessible("set-up with a refused route");

            cora.find("#route-level-1").clear();
            cora.find("#route-level-1").sendKeys("2");
            cora.find("#ladder-form button[type=submit]").click();
            cora.awaitReady();
            assertThat(cora.path()).endsWith("/setup");
            assertThat(new Select(cora.find("#route-category-1")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("BUDGET");
            assertThat(cora.find("#route-level-1").getAttribute("value")).isEqualTo("2");
            cora.screenshot("42-entry-routes");

            cora.open("/app/c/" + ONCO + "/setup/members/pat");
            assertThat(cora.text("#open-items")).contains("Trial steering committee").contains("ONCO-6");
            cora.assertAccessible("a member's page");
            cora.screenshot("43-member");
        }
    }

    @Test
    void theIssueListSortsMostSevereFirstInAShareableUrlAndTheUsersPagePassesAxe() {
        try (Browser cora = new Browser("cora-sort", app.baseUrl())) {
            cora.signIn("cora", "onco-demo-pass");
            cora.open("/app/c/" + ONCO + "/issues");
            new Select(cora.find("#sort")).selectByValue("severity");
            cora.find("main form button[type=submit]").click();
            cora.awaitReady();
            await().atMost(20, TimeUnit.SECONDS).until(() -> cora.path().contains("sort=severity"));
            // the demo's one critical issue, demo-10, is restricted to the DMC: the most severe cora sees is high
            assertThat(cora.all("#results tbody tr td[data-label=Severity]").get(0).getText()).isEqualTo("High");
            assertThat(cora.all("#results tbody tr td[data-label=Severity]")).last()
                    .extracting(e -> e.getText()).isEqualTo("Low");
            cora.assertAccessible("issue list, most severe first");
        }
        try (Browser admin = new Browser("admin-roles", app.baseUrl())) {
            admin.signIn("admin", RunningApp.ADMIN_PASSWORD);
            admin.open("/app/admin/users");
            assertThat(admin.text("#user-pat")).contains("Make administrator");
            admin.assertAccessible("users with the administrator role");
        }
    }
}
