package org.concordia.infra.workspace;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.concordia.infra.app.RunningApp;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.Threshold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole trial dispute as four people in four browser sessions. A coordinator sets the collaboration up
 * beforehand over the API (its ladder's first tier must acknowledge within 5 seconds, so the real SLA timer
 * escalates the conflict while the test waits). Then: the site raises a conflict; the SLA escalates it; the chair
 * acknowledges and proposes; members vote with signatures — the chair's first attempt with a wrong password is
 * refused in words, and the site's member of the committee is recused, with the reason shown; a CAPA action is
 * added and completed; the issue is closed with a signature; the auditor reads the timeline and downloads the CSV.
 */
class CommitteeWalkThroughBrowserTest {

    @TempDir
    Path dataDir;

    @Test
    void aConflictFromRaisingToASignedClosingReadByTheAuditor() {
        Browser.assumeInstalled();
        try (RunningApp app = new RunningApp(dataDir)) {
            String cid = setUpTrial(app);
            String issuePath;
            try (Browser site = new Browser("sita", app.baseUrl());
                 Browser chair = new Browser("prof", app.baseUrl());
                 Browser member = new Browser("dana", app.baseUrl());
                 Browser auditor = new Browser("audrey", app.baseUrl())) {

                // the site raises a conflict with the sponsor
                site.signIn("sita", RunningApp.passwordOf("sita"));
                site.open("/app/c/" + cid + "/issues/new");
                site.find("input[name=type][value=CONFLICT]").click();
                site.find("#raise-title").sendKeys("Visit 4 window deviations: sponsor and site disagree");
                site.find("#raise-description").sendKeys("The sponsor classifies late visit 4 as major deviations.");
                new Select(site.find("#raise-category")).selectByValue("PROTOCOL_DEVIATION");
                new Select(site.find("#raise-severity")).selectByValue("HIGH");
                site.find("input[name=involvedParties][value=site101]").click();
                site.find("input[name=involvedParties][value=helios]").click();
                site.find("main form button[type=submit]").click();
                site.awaitReady();
                assertThat(site.path()).contains("/issues/");
                issuePath = site.path().replaceAll("\\?.*", "");
                assertThat(site.text("#issue-tier")).startsWith("1 ·");
                site.assertAccessible("issue just raised");
                site.screenshot("20-walk-raised");

                // nobody in the working group acknowledges within 5 s: the SLA escalates it to the committee
                await().atMost(90, TimeUnit.SECONDS).pollInterval(2, TimeUnit.SECONDS).until(() -> {
                    site.open(issuePath);
                    return site.text("#issue-tier").startsWith("2 ·");
                });
                assertThat(site.text("#timeline")).contains("system").contains("SLA breached at tier 1");
                site.screenshot("21-walk-escalated");

                // the chair finds it in the inbox, acknowledges and proposes
                chair.signIn("prof", RunningApp.passwordOf("prof"));
                chair.open("/app/inbox");
                assertThat(chair.text(".main-nav .count")).isEqualTo("1");
                assertThat(chair.text("main")).contains("Visit 4 window deviations");
                chair.assertAccessible("inbox");
                chair.screenshot("22-walk-inbox");
                chair.open(issuePath);
                chair.find("#acknowledge").click();
                chair.awaitReady();
                assertThat(chair.text("#issue-status")).isEqualTo("Acknowledged");
                openDetails(chair, "Propose a resolution");
                chair.find("#propose-summary").sendKeys("Classify as minor with retraining at site 101");
                chair.find("#propose-text").sendKeys("Record the visit 4 deviations as minor; the site retrains staff.");
                chair.find("#propose-summary").submit();
                chair.awaitReady();
                assertThat(chair.text("#issue-status")).isEqualTo("Resolution proposed");

                // the chair signs an approval: a wrong password is refused in words, and the comment is kept
                chair.find("#vote-approve").click();
                chair.find("#vote-comment-APPROVE").sendKeys("Proportionate.");
                chair.find("#vote-password-APPROVE").sendKeys("not-my-password");
                chair.find("#sign-vote-APPROVE button[type=submit]").click();
                chair.awaitReady();
                assertThat(chair.text("#refusal-vote-APPROVE")).contains("The password does not match");
                assertThat(chair.find("#vote-comment-APPROVE").getAttribute("value")).isEqualTo("Proportionate.");
                chair.assertAccessible("signing dialog with a refusal");
                chair.screenshot("23-walk-signing-refused");
                chair.find("#vote-password-APPROVE").sendKeys(RunningApp.passwordOf("prof"));
                chair.find("#sign-vote-APPROVE button[type=submit]").click();
                chair.awaitReady();
                assertThat(chair.text("#proposals")).contains("Signed by PROF").contains("APPROVED");

                // the site's member of the committee is recused, and told why
                site.open(issuePath);
                assertThat(site.text("#recused-notice")).contains("recused").contains("Site 101");
                assertThat(site.all("#vote-approve")).isEmpty();
                assertThat(site.text("#proposals")).contains("sita is recused");
                site.screenshot("24-walk-recused");

                // the site's member also declares a conflict of interest herself: recorded with her reason
                openDetails(site, "Declare a conflict of interest");
                site.find("#conflict-reason").sendKeys("I coordinate the site whose deviations are at issue");
                site.find("#conflict-reason").submit();
                site.awaitReady();
                assertThat(site.text("#conflicts")).contains("sita").contains("I coordinate the site");
                assertThat(site.text("#declared-notice")).contains("declared a conflict of interest");
                assertThat(site.all("#close-ballot")).as("only the chair closes the ballot").isEmpty();

                // the chair may close the ballot early, signed: a wrong password is refused in words, nothing closes
                chair.open(issuePath);
                chair.find("#close-ballot").click();
                chair.find("#closeballot-reason").sendKeys("Enough votes are in");
                chair.find("#closeballot-password").sendKeys("not-my-password");
                chair.find("#sign-closeballot button[type=submit]").click();
                chair.awaitReady();
                assertThat(chair.text("#refusal-closeballot")).contains("The password does not match");
                assertThat(chair.find("#closeballot-reason").getAttribute("value")).isEqualTo("Enough votes are in");
                assertThat(chair.text("#issue-status")).isEqualTo("Resolution proposed");

                // the other eligible member approves: every eligible member has voted, 2 for, the proposal is adopted
                member.signIn("dana", RunningApp.passwordOf("dana"));
                member.open(issuePath);
                member.find("#vote-approve").click();
                member.find("#vote-password-APPROVE").sendKeys(RunningApp.passwordOf("dana"));
                member.find("#sign-vote-APPROVE button[type=submit]").click();
                member.awaitReady();
                assertThat(member.text("#issue-status")).isEqualTo("Resolved");
                assertThat(member.text("#proposals")).contains("quorum 2, simple majority, chair's casting vote")
                                                     .contains("2 for, 0 against, 0 abstaining of 2 eligible")
                                                     .contains("All voted");

                // a corrective action for the site, which completes it
                chair.open(issuePath);
                // actions are agreed after the root cause and the impact are recorded: refused in words before
                openDetails(chair, "Add a corrective or preventive action");
                chair.find("#action-description").sendKeys("Too early");
                chair.driver().executeScript("document.getElementById('action-due').value = arguments[0];",
                                             LocalDate.now().plusDays(14).toString());
                chair.find("#action-description").submit();
                chair.awaitReady();
                assertThat(chair.text("#refusal-action")).contains("Record the root cause");
                openDetails(chair, "Record the root cause");
                new Select(chair.find("#rootcause-method")).selectByValue("FIVE_WHYS");
                chair.find("#rootcause-statement").sendKeys("Visit windows were counted from the wrong day");
                chair.find("#rootcause-statement").submit();
                chair.awaitReady();
                assertThat(chair.text("#root-cause")).contains("Five whys").contains("wrong day");
                openDetails(chair, "Assess impact and risk");
                chair.find("#impact-text").sendKeys("Two visits out of window; no safety impact");
                new Select(chair.find("#impact-risk")).selectByValue("LOW");
                chair.find("#impact-text").submit();
                chair.awaitReady();
                assertThat(chair.text("#impact")).contains("Low risk").contains("no safety impact");
                chair.open(issuePath);
                openDetails(chair, "Add a corrective or preventive action");
                chair.find("#action-description").sendKeys("Retrain site 101 staff on visit windows");
                new Select(chair.find("#action-owner")).selectByValue("sita");
                chair.driver().executeScript("document.getElementById('action-due').value = arguments[0];",
                                             LocalDate.now().plusDays(14).toString());
                chair.find("#action-description").submit();
                chair.awaitReady();
                assertThat(chair.text("#capa")).contains("Retrain site 101 staff");
                site.open(issuePath);
                openDetails(site, "Complete: Retrain site 101 staff on visit windows");
                site.find("textarea[name=note]").sendKeys("All six coordinators retrained.");
                site.find("textarea[name=note]").submit();
                site.awaitReady();
                assertThat(site.text("#capa")).contains("Completed").contains("All six coordinators retrained.");

                // the chair closes it with a signature
                chair.open(issuePath);
                chair.find("#close-issue").click();
                chair.find("input[name=meaning][value=REVIEWED]").click();
                chair.find("#close-note").sendKeys("Deviation classified; retraining done.");
                chair.find("#close-password").sendKeys(RunningApp.passwordOf("prof"));
                chair.assertAccessible("closing dialog");
                chair.screenshot("25-walk-closing-dialog");
                chair.find("#sign-close button[type=submit]").click();
                chair.awaitReady();
                assertThat(chair.text("#issue-status")).isEqualTo("Closed");
                assertThat(chair.text("#proposals")).contains("REVIEWED");
                chair.screenshot("26-walk-closed");

                // the auditor reads the timeline and downloads the CSV
                auditor.signIn("audrey", RunningApp.passwordOf("audrey"));
                auditor.open(issuePath);
                assertThat(auditor.text("#actions")).contains("read-only");
                String timeline = auditor.text("#timeline");
                assertThat(timeline).contains("raised").contains("SLA breached at tier 1").contains("acknowledged")
                                    .contains("APPROVE").contains("closed");
                auditor.assertAccessible("issue page for the auditor");
                auditor.screenshot("27-walk-auditor-timeline");
                auditor.open("/app/c/" + cid + "/audit");
                auditor.assertAccessible("audit trail");
                auditor.screenshot("28-walk-audit-trail");
                WebElement csv = auditor.find("#download-csv");
                @SuppressWarnings("unchecked")
                Map<String, Object> download = (Map<String, Object>) auditor.driver().executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(r => r.text().then(body => done({status: r.status,"
                        + " type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'),"
                        + " body: body})));", csv.getAttribute("href"));
                assertThat(download.get("status")).isEqualTo(200L);
                assertThat((String) download.get("type")).startsWith("text/csv");
                assertThat((String) download.get("disposition")).contains("attachment");
                String body = (String) download.get("body");
                assertThat(body.lines().findFirst().orElse("")).startsWith("\"position\",\"eventId\",\"type\",\"occurredAt\"");
                assertThat(body).contains("IssueRaised").contains("IssueEscalated").contains("VoteCast")
                                .contains("CorrectiveActionAdded").contains("ActionCompleted").contains("IssueClosed");
                auditor.open("/app/c/" + cid + "/decisions");
                assertThat(auditor.text("main")).contains("Classify as minor").contains("sita was recused")
                                                .contains("2 for, 0 against");
                auditor.assertAccessible("decision register");
                auditor.screenshot("29-walk-decisions");
            }
        }
    }

    /** Opens a {@code <details>} of the actions panel by its summary text. */
    private static void openDetails(Browser browser, String summary) {
        browser.driver().findElements(By.cssSelector("#actions details summary")).stream()
               .filter(s -> s.getText().trim().equals(summary)).findFirst()
               .orElseThrow(() -> new AssertionError("no action '" + summary + "' for " + browser.name))
               .click();
    }

    /** A consortium over the API: parties, members and a two-tier ladder whose first tier must acknowledge in 5 s. */
    private static String setUpTrial(RunningApp app) {
        for (String user : List.of("cora", "carl", "sita", "prof", "dana", "audrey")) {
            app.user(user);
        }
        RunningApp.Call cora = app.as("cora", RunningApp.passwordOf("cora"));
        RunningApp.Response created = cora.post("/api/v1/collaborations", Map.of(
                "key", "TRIAL", "name", "TRIAL-1 phase II", "kind", "CLINICAL_TRIAL", "description", "A trial"));
        assertThat(created.status()).isEqualTo(201);
        String cid = created.json().get("id").asText();
        String base = "/api/v1/collaborations/" + cid;
        for (List<String> party : List.of(List.of("helios", "Helios Pharma", "SPONSOR"),
                                          List.of("meridian", "Meridian CRO", "CRO"),
                                          List.of("site101", "Site 101", "SITE"),
                                          List.of("ctu", "Clinical Trials Unit", "ACADEMIC_PARTNER"),
                                          List.of("dmc", "Data Monitoring Committee", "DATA_MONITORING_COMMITTEE"))) {
            assertThat(cora.post(base + "/parties", Map.of("partyId", party.get(0), "name", party.get(1),
                                                           "role", party.get(2))).status()).isEqualTo(200);
        }
        for (List<String> member : List.of(List.of("carl", "meridian", "CONTRIBUTOR"),
                                           List.of("sita", "site101", "CONTRIBUTOR"),
                                           List.of("prof", "ctu", "CONTRIBUTOR"),
                                           List.of("dana", "dmc", "CONTRIBUTOR"),
                                           List.of("audrey", "ctu", "AUDITOR"))) {
            assertThat(cora.post(base + "/members", Map.of("username", member.get(0), "partyId", member.get(1),
                                                           "roles", List.of(member.get(2)))).status()).isEqualTo(200);
        }
        // a working group that has 5 s to acknowledge: shorter than the HTTP edge accepts (a minute), so sent as
        // a command, as the SLA tests do
        app.bean(CommandGateway.class).sendAndWait(new DefineGovernanceLadder(cid, List.of(
                new GovernanceTier("Working group", List.of("carl"), Duration.ofSeconds(5), Duration.ofDays(14), 1),
                new GovernanceTier("Steering committee", List.of("prof", "dana", "sita"), "prof", Duration.ofDays(2),
                                   Duration.ofDays(30),
                                   new DecisionRule(2, Threshold.SIMPLE_MAJORITY, true, null))), "cora"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cora.get(base).json().at("/governance/tiers").size() == 2
                && cora.get(base).json().get("members").size() == 6);
        return cid;
    }
}
