package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
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

    @TempDir // static: a per-class instance field would not be set yet in @BeforeAll
    static Path dataDir;
    RunningApp app;

    @BeforeAll
    void start() {
        Browser.assumeInstalled();
        app = new RunningApp(dataDir, "--demo");
        RunningApp.Call cora = app.as("cora", "onco-demo-pass");
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

            cora.signIn("cora", "onco-demo-pass");
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
            cora.resize(1280, 900);

            // as of an instant before the consortium existed: by URL (a shared link) ...
            cora.open("/app/c/" + ONCO + "?asOf=2020-01-01T00:00:00Z");
            assertThat(cora.text("#dashboard-heading")).startsWith("0 open issues");
            // ... and through the picker, which redraws the dashboard in place and puts the instant in the URL
            cora.open("/app/c/" + ONCO);
            cora.driver().executeScript("window.notReloaded = true;"
                                        + "document.getElementById('asOfLocal').value = '2020-01-01T00:00';");
            cora.find("form[data-asof-form] button[type=submit]").click();
            new WebDriverWait(cora.driver(), Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(d -> cora.text("#dashboard-heading").startsWith("0 open issues"));
            assertThat(cora.driver().executeScript("return window.notReloaded === true;")).isEqualTo(true);
            assertThat(cora.path()).contains("asOf=2020-01-01T00");
            cora.find(".chart canvas");
        }
    }

    @Test
    void theIssueListFiltersThroughTheQueryString() {
        try (Browser cora = new Browser("cora-list", app.baseUrl())) {
            cora.signIn("cora", "onco-demo-pass");
            cora.open("/app/c/" + ONCO + "/issues");
            // what the API's list gives her: demo-10 is restricted to the DMC, which a coordinator does not sit on
            long listed = app.as("cora", "onco-demo-pass").get("/api/v1/collaborations/" + ONCO + "/issues?size=1")
                             .json().get("total").asLong();
            assertThat(listed).isEqualTo(13);
            assertThat(cora.text("#results-heading")).startsWith(listed + " issues");
            assertThat(cora.all("#results tbody tr a.key")).extracting(e -> e.getText()).doesNotContain("ONCO-10");
            cora.assertAccessible("issue list");
            cora.screenshot("04-issue-list");

            cora.open("/app/c/" + ONCO + "/issues?severity=HIGH&sort=oldest");
            assertThat(cora.text("#results-heading")).startsWith("5 issues");
            assertThat(cora.all("#results tbody tr a.key")).extracting(e -> e.getText())
                    .containsExactly("ONCO-3", "ONCO-5", "ONCO-7", "ONCO-12", "ONCO-14");
            cora.open("/app/c/" + ONCO + "/issues?q=fridge");
            assertThat(cora.all("#results tbody tr a.key")).extracting(e -> e.getText()).containsExactly("ONCO-7");

            cora.open("/app/c/" + ONCO + "/issues/new");
            cora.assertAccessible("raise an issue");
            cora.screenshot("05-raise-issue");
        }
    }

    @Test
    void theIssuePageShowsTheStateTimelineAndOnlyTheActionsTheUserMayTake() {
        try (Browser sita = new Browser("sita", app.baseUrl())) {
            sita.signIn("sita", "onco-demo-pass");
            sita.open("/app/c/" + ONCO + "/issues/demo-5");
            assertThat(sita.text("h1")).contains("ONCO-5");
            assertThat(sita.text("#proposals")).contains("Move database lock by six weeks").contains("APPROVED");
            assertThat(sita.text("#timeline")).contains("raised").contains("sid");
            assertThat(sita.all("#vote-approve")).as("sita has voted already").isEmpty();
            sita.assertAccessible("issue page");
            sita.screenshot("06-issue-page");

            sita.open("/app/c/" + ONCO + "/issues/demo-7");
            assertThat(sita.text("#issue-status")).isEqualTo("Closed");
            assertThat(sita.text("#proposals")).contains("CLOSED_AS_EFFECTIVE");
            sita.assertAccessible("closed issue page");
            sita.screenshot("07-issue-closed");
            sita.resize(390, 844);
            sita.screenshot("07-issue-closed-phone");
        }
    }

    @Test
    void theInboxDecisionRegisterAndAuditTrail() {
        try (Browser carl = new Browser("carl", app.baseUrl());
             Browser audrey = new Browser("audrey", app.baseUrl())) {
            carl.signIn("carl", "onco-demo-pass");
            carl.open("/app/inbox");
            assertThat(carl.text("main")).contains("To acknowledge").contains("To vote on");
            assertThat(carl.text(".main-nav .count")).isNotEqualTo("0");
            carl.assertAccessible("inbox");
            carl.screenshot("08-inbox");

            audrey.signIn("audrey", "onco-demo-pass");
            audrey.open("/app/c/" + ONCO + "/decisions");
            assertThat(audrey.text("main")).contains("Quarantine and replace affected IMP").contains("Rejected");
            audrey.assertAccessible("decision register");
            audrey.screenshot("09-decisions");

            audrey.open("/app/c/" + ONCO + "/audit");
            assertThat(audrey.all("#audit-entries tbody tr")).hasSize(50);
            assertThat(audrey.find("#download-bundle").getAttribute("href")).endsWith("/audit/bundle.zip");
            audrey.assertAccessible("audit trail");
            audrey.screenshot("10-audit-trail");
            audrey.find("a[rel=next]").click();
            audrey.awaitReady();
            assertThat(audrey.path()).contains("after=");
            audrey.open("/app/c/" + ONCO + "/audit?actor=sita");
            assertThat(audrey.all("#audit-entries tbody tr td[data-label=Who]")).extracting(e -> e.getText())
                    .isNotEmpty().allMatch("sita"::equals);
        }
    }

    @Test
    void myAccountPageCreatesAnApiTokenShownOnceAndRevokesIt() {
        try (Browser pat = new Browser("pat-account", app.baseUrl())) {
            pat.signIn("pat", "onco-demo-pass");
            pat.find(".who a.me").click();
            pat.awaitReady();
            assertThat(pat.path()).isEqualTo("/app/account");
            assertThat(pat.text("#account-username")).isEqualTo("pat");
            pat.assertAccessible("my account");
            pat.find("#token-name").sendKeys("advocacy dashboard");
            pat.find("#token-name").submit();
            pat.awaitReady();
            assertThat(pat.find("#new-token-secret").getAttribute("value")).startsWith("cct_");
            assertThat(pat.text("#tokens")).contains("advocacy dashboard").contains("read only");
            pat.assertAccessible("my account with a new token");
            pat.screenshot("13-account-token");
            pat.find("#tokens button.danger").click();
            pat.awaitReady();
            assertThat(pat.text("main")).contains("The token is revoked").contains("You have no API tokens");

            pat.find("#change-password-link").click();
            pat.awaitReady();
            assertThat(pat.text("h1")).isEqualTo("Change your password");
            pat.assertAccessible("change password");
        }
    }

    @Test
    void myAccountPagePreviewsTheNextDigestAndChangesHowIAmTold() {
        try (Browser carl = new Browser("carl-notifications", app.baseUrl())) {
            carl.signIn("carl", "onco-demo-pass");
            // the demo asked for a digest for everyone; what waits for carl is derived from the events as they land
            await().atMost(60, TimeUnit.SECONDS).until(() -> {
                carl.open("/app/account");
                return !carl.all("#digest-preview").isEmpty();
            });
            assertThat(carl.find("#delivery-digest").isSelected()).isTrue();
            assertThat(carl.find("#notification-email").getAttribute("value")).isEqualTo("carl@onco-3.example");
            assertThat(carl.text("#digest-subject")).startsWith("Concordia: your daily digest");
            assertThat(carl.text("#digest-text")).contains("/app/c/" + ONCO + "/issues/").contains("Unsubscribe");
            carl.assertAccessible("my account with a digest preview");
            carl.screenshot("14-account-notifications");

            carl.find("#notification-email").clear();
            carl.find("#delivery-immediate").click();
            carl.find("#notification-email").submit();
            carl.awaitReady();
            assertThat(carl.text("#refusal-notifications")).contains("Email").contains("required");
            carl.find("#notification-email").sendKeys("carl@onco-3.example");
            carl.find("#delivery-off").click();
            carl.find("#notification-email").submit();
            carl.awaitReady();
            assertThat(carl.text("main")).contains("Email notifications are off");
            assertThat(carl.find("#delivery-off").isSelected()).isTrue();
        }
    }

    @Test
    void anAdministratorCreatesAUserAndACollaborationWhichItsCoordinatorSetsUp() {
        try (Browser admin = new Browser("admin", app.baseUrl());
             Browser nora = new Browser("nora", app.baseUrl())) {
            admin.signIn("admin", RunningApp.ADMIN_PASSWORD);
            admin.open("/app/admin");
            admin.assertAccessible("administration");
            admin.find("#user-username").sendKeys("nora");
            admin.find("#user-name").sendKeys("Nora Quist (coordinator)");
            admin.find("#user-password").sendKeys("short");
            admin.driver().executeScript("document.getElementById('user-password').removeAttribute('minlength');");
            admin.find("#user-password").submit();
            admin.awaitReady();
            assertThat(admin.text("#refusal-user")).contains("Password: must be at least 12 characters");
            assertThat(admin.find("#user-username").getAttribute("value")).isEqualTo("nora");
            admin.find("#user-password").sendKeys("quiet-harbour-lamp-73");
            admin.find("#user-password").submit();
            admin.awaitReady();
            assertThat(admin.text("main")).contains("User nora created");
            admin.find("#users-link").click();
            admin.awaitReady();
            assertThat(admin.text("#user-nora")).contains("enabled");
            admin.assertAccessible("users");
            admin.screenshot("11-users");
            admin.open("/app/admin");
            admin.find("#collab-key").sendKeys("NEURO");
            admin.find("#collab-name").sendKeys("NEURO-2 consortium");
            admin.find("#collab-coordinator").sendKeys("nora");
            admin.find("#collab-key").submit();
            admin.awaitReady();
            assertThat(admin.text("main")).contains("Collaboration NEURO registered");
            admin.screenshot("11-administration");

            nora.signIn("nora", "quiet-harbour-lamp-73");
            nora.find("main .cards a").click();
            nora.awaitReady();
            nora.driver().findElement(org.openqa.selenium.By.linkText("Set-up")).click();
            nora.awaitReady();
            nora.find("#party-id").sendKeys("sponsor");
            nora.find("#party-name").sendKeys("Sponsor Ltd");
            nora.find("#party-id").submit();
            nora.awaitReady();
            assertThat(nora.text("main")).contains("Sponsor Ltd");
            nora.find("#name-0").sendKeys("Steering committee");
            nora.find("input[name=members-0][value=nora]").click();
            nora.find("#quorum-0").clear();
            nora.find("#quorum-0").sendKeys("2");
            nora.find("#name-0").submit();
            nora.awaitReady();
            assertThat(nora.text("#refusal-ladder")).contains("quorum: must not exceed");
            assertThat(nora.find("#name-0").getAttribute("value")).as("kept as typed").isEqualTo("Steering committee");
            assertThat(nora.find("input[name=members-0][value=nora]").isSelected()).isTrue();
            nora.find("#quorum-0").clear();
            nora.find("#quorum-0").sendKeys("1");
            nora.find("#name-0").submit();
            nora.awaitReady();
            assertThat(nora.find("#name-0").getAttribute("value")).isEqualTo("Steering committee");
            assertThat(nora.find("#name-1").getAttribute("value")).isEmpty();
            // a change to the ladder in force needs a reason; the decision rule is edited with it
            new Select(nora.find("#chair-0")).selectByValue("nora");
            new Select(nora.find("#threshold-0")).selectByValue("UNANIMITY");
            nora.find("#casting-0").click();
            nora.find("#period-0").sendKeys("P7D");
            nora.driver().executeScript("document.getElementById('ladder-reason').removeAttribute('required');");
            nora.find("#name-0").submit();
            nora.awaitReady();
            assertThat(nora.text("#refusal-ladder")).contains("reason");
            assertThat(new Select(nora.find("#threshold-0")).getFirstSelectedOption().getAttribute("value"))
                    .as("kept as typed").isEqualTo("UNANIMITY");
            nora.find("#ladder-reason").sendKeys("The committee decides unanimously, chaired by Nora");
            nora.find("#name-0").submit();
            nora.awaitReady();
            assertThat(nora.all("#refusal-ladder")).isEmpty();
            assertThat(new Select(nora.find("#chair-0")).getFirstSelectedOption().getAttribute("value")).isEqualTo("nora");
            assertThat(new Select(nora.find("#threshold-0")).getFirstSelectedOption().getAttribute("value"))
                    .isEqualTo("UNANIMITY");
            assertThat(nora.find("#casting-0").isSelected()).isTrue();
            assertThat(nora.find("#period-0").getAttribute("value")).isEqualTo("P7D");
            nora.assertAccessible("collaboration set-up");
            nora.screenshot("12-setup");
        }
    }
}
