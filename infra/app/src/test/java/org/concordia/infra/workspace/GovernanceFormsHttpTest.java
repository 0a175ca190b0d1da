package org.concordia.infra.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.infra.workspace.WorkspaceSession.enc;
import static org.awaitility.Awaitility.await;

/**
 * The workspace's forms for the governance commands (issue 15 §2–§4) over plain HTTP, on the demo consortium: each
 * offered only to whom may use it now, each sent as the API's command, each refusal a sentence next to its form with
 * what was typed kept. One application for the class; every test works on issues of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceFormsHttpTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;
    static final String API = "/api/v1/collaborations/" + ONCO;
    static final String APP = "/app/c/" + ONCO;

    @TempDir
    static Path dataDir;
    RunningApp app;

    @BeforeAll
    void start() {
        app = new RunningApp(dataDir, "--demo");
        RunningApp.Call cora = app.as("cora", "onco-demo-pass");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get(API + "/issues/demo-14").status() == 200);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    WorkspaceSession session(String username) {
        return new WorkspaceSession(app, username, "onco-demo-pass");
    }

    RunningApp.Call api(String username) {
        return app.as(username, "onco-demo-pass");
    }

    /** sam (the sponsor) raises a data-quality issue for site 101 (it enters at the working group, chaired by carl). */
    String raise(String title) {
        RunningApp.Response raised = api("sam").post(API + "/issues", Map.of("type", "ISSUE", "title", title,
                "description", "Seen at the monitoring visit.", "category", "DATA_QUALITY", "severity", "MEDIUM",
                "involvedParties", List.of("site101")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        return raised.json().get("id").asText();
    }

    /** The issue as the API reads it once it shows at least {@code version}. */
    JsonNode issue(String iid, long version) {
        RunningApp.Response read = api("cora").get(API + "/issues/" + iid + "?minVersion=" + version);
        assertThat(read.status()).isEqualTo(200);
        return read.json();
    }

    long versionOf(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json().get("version").asLong();
    }

    /** Root cause and impact recorded by carl, then one action owned by {@code owner}, due in a month. */
    String withAction(String iid, String owner) {
        RunningApp.Call carl = api("carl");
        versionOf(carl.post(API + "/issues/" + iid + "/root-cause", Map.of("method", "FIVE_WHYS",
                "statement", "No second reviewer")));
        versionOf(carl.post(API + "/issues/" + iid + "/impact", Map.of("impact", "Late data", "risk", "LOW")));
        RunningApp.Response added = carl.post(API + "/issues/" + iid + "/actions", Map.of("kind", "CORRECTIVE",
                "description", "Add a second reviewer", "owner", owner,
                "dueOn", LocalDate.now().plusMonths(1).toString()));
        issue(iid, versionOf(added));
        return added.json().get("id").asText();
    }

    @Test
    void theChairClosesWithoutAVoteSignedAndAWrongPasswordIsRefusedInWordsKeepingTheReason() {
        String iid = raise("Queries double-counted in the weekly report");
        String page = APP + "/issues/" + iid;
        assertThat(session("sita").get(page).body()).as("not the chair").doesNotContain("Close without a vote");
        WorkspaceSession carl = session("carl");
        assertThat(carl.get(page).body()).contains("Close without a vote…").contains("CLOSED_WITHOUT_VOTE");

        HttpResponse<String> wrong = carl.submit(page + "/dismiss", "dismissal=NOT_AN_ISSUE&reason="
                + enc("A reporting artefact") + "&password=not-his-password");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("The password does not match. Nothing was signed or recorded.")
                                .contains("id=\"refusal-dismiss\"").contains("A reporting artefact")
                                .contains("data-open-on-load=\"true\"");

        HttpResponse<String> duplicateWithoutOriginal = carl.submit(page + "/dismiss", "dismissal=DUPLICATE&reason=same"
                + "&password=onco-demo-pass");
        assertThat(duplicateWithoutOriginal.statusCode()).isEqualTo(400);
        assertThat(duplicateWithoutOriginal.body()).contains("id=\"refusal-dismiss\"").contains("Duplicate of");

        HttpResponse<String> closed = carl.submit(page + "/dismiss", "dismissal=NOT_AN_ISSUE&reason="
                + enc("A reporting artefact") + "&password=onco-demo-pass");
        assertThat(closed.statusCode()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("status").asText().equals("CLOSED"));
        JsonNode closing = issue(iid, 1).get("closing");
        assertThat(closing.get("dismissal").asText()).isEqualTo("NOT_AN_ISSUE");
        assertThat(closing.get("signature").get("meaning").asText()).isEqualTo("CLOSED_WITHOUT_VOTE");
    }

    @Test
    void theEffectivenessCheckIsSignedBySomeoneIndependentAndAnOwnerIsToldWhyNot() {
        String iid = raise("Source data verification late at Lyon");
        RunningApp.Call carl = api("carl");
        versionOf(carl.post(API + "/issues/" + iid + "/acknowledge", Map.of()));
        RunningApp.Response proposed = carl.post(API + "/issues/" + iid + "/proposals",
                Map.of("summary", "Second monitor", "text", "Add a second monitor for site 101."));
        String pid = proposed.json().get("id").asText();
        long version = versionOf(proposed);
        for (String voter : List.of("carl", "sita", "sid")) {
            RunningApp.Call call = api(voter);
            version = versionOf(call.post(API + "/issues/" + iid + "/proposals/" + pid + "/votes",
                    Map.of("vote", "APPROVE", "signature", call.signature("APPROVED"))));
        }
        issue(iid, version);
        String aid = withAction(iid, "sita");
        versionOf(api("sita").post(API + "/issues/" + iid + "/actions/" + aid + "/complete", Map.of("note", "done")));
        issue(iid, versionOf(carl.post(API + "/issues/" + iid + "/effectiveness-check/plan",
                Map.of("criteria", "No late verification for a month", "dueOn", LocalDate.now().plusMonths(2)
                                                                                          .toString()))));
        String page = APP + "/issues/" + iid;

        WorkspaceSession sita = session("sita");
        String hers = sita.get(page).body();
        assertThat(hers).contains("id=\"check-by-others\"").doesNotContain("Record the effectiveness check…");
        HttpResponse<String> refused = sita.submit(page + "/effectiveness-check", "effective=true&findings="
                + enc("All verified on time") + "&password=onco-demo-pass");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Someone other than the action owners and the proposer must check the "
                                            + "effectiveness of the actions.");

        WorkspaceSession sid = session("sid");
        assertThat(sid.get(page).body()).contains("Record the effectiveness check…")
                                        .contains("EFFECTIVENESS_VERIFIED");
        HttpResponse<String> recorded = sid.submit(page + "/effectiveness-check", "effective=true&findings="
                + enc("All verified on time") + "&password=onco-demo-pass");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("effectivenessCheck").get("results")
                                                                         .size() == 1);
        JsonNode result = issue(iid, 1).get("effectivenessCheck").get("results").get(0);
        assertThat(result.get("checkedBy").asText()).isEqualTo("sid");
        assertThat(result.get("signature").get("meaning").asText()).isEqualTo("EFFECTIVENESS_VERIFIED");
    }

    @Test
    void theDashboardShowsEachSeriousBreachWithItsSevenDayNotificationClock() {
        String dashboard = session("sita").get(APP).body();
        assertThat(dashboard).contains("Serious breaches (EU CTR Art. 52)").contains("id=\"serious-demo-14\"");
        String row = dashboard.substring(dashboard.indexOf("id=\"serious-demo-14\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).as("flagged by the demo minutes ago: days left").contains("left to notify")
                       .doesNotContain("alarm").doesNotContain("Overdue");
        assertThat(session("sita").get(APP + "/issues/demo-14").body())
                .contains("Serious breach (EU CTR Art. 52)").contains("Notify due in 6 d");
    }

    @Test
    void aMemberOfTheTierFlagsASeriousBreachFromTheIssuePageWithAReason() {
        String iid = raise("Unblinded randomisation list e-mailed to a site");
        String page = APP + "/issues/" + iid;
        assertThat(session("audrey").get(page).body()).as("read-only").doesNotContain("Flag as a serious breach");
        WorkspaceSession carl = session("carl");
        assertThat(carl.get(page).body()).contains("Flag as a serious breach").doesNotContain("id=\"serious-breach\"");

        HttpResponse<String> flagged = carl.submit(page + "/serious-breach",
                "reason=" + enc("Likely to affect the reliability of the data"));
        assertThat(flagged.statusCode()).as(flagged.body()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).hasNonNull("seriousBreach"));
        String after = carl.get(page).body();
        assertThat(after).contains("id=\"serious-breach\"").contains("Likely to affect the reliability of the data")
                         .doesNotContain("Flag as a serious breach…");
        await().atMost(10, TimeUnit.SECONDS).until(() -> carl.get(APP).body().contains("id=\"serious-" + iid + "\""));
    }

    @Test
    void theOwnerIsReassignedFromTheIssuePageOnlyWithAReasonShownInTheTimeline() {
        String iid = raise("Monitoring visit report overdue");
        String page = APP + "/issues/" + iid;
        WorkspaceSession carl = session("carl");
        assertThat(carl.get(page).body()).contains("Reason (optional)");
        assertThat(carl.submit(page + "/assign", "owner=sita&reason=").statusCode()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> "sita".equals(issue(iid, 1).path("owner").asText()));
        assertThat(carl.get(page).body()).contains("Reason for reassigning");

        HttpResponse<String> refused = carl.submit(page + "/assign", "owner=sid&reason=");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"refusal-assign\"").contains("A reason is required for this change.");

        HttpResponse<String> reassigned = carl.submit(page + "/assign", "owner=sid&reason="
                + enc("Sita is at the investigator meeting"));
        assertThat(reassigned.statusCode()).as(reassigned.body()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> "sid".equals(issue(iid, 1).path("owner").asText()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> carl.get(page).body()
                                                             .contains("Sita is at the investigator meeting"));
    }

    @Test
    void detailsAreCorrectedWithAReasonAndACorrectionThatChangesNothingIsRefusedKeepingWhatWasTyped() {
        String iid = raise("Quereis backlog");
        String page = APP + "/issues/" + iid;
        assertThat(session("audrey").get(page).body()).as("read-only").doesNotContain("Correct the details");
        WorkspaceSession cora = session("cora");
        assertThat(cora.get(page).body()).contains("Correct the details");

        HttpResponse<String> nothing = cora.submit(page + "/corrections", "title=" + enc("Quereis backlog")
                + "&description=" + enc("Seen at the monitoring visit.") + "&category=DATA_QUALITY"
                + "&involvedParties=site101&reason=" + enc("typo in the title"));
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(nothing.body()).contains("The correction changes nothing.").contains("id=\"refusal-correct\"")
                                  .contains("typo in the title");

        HttpResponse<String> corrected = cora.submit(page + "/corrections", "title=" + enc("Queries backlog")
                + "&description=" + enc("Seen at the monitoring visit.") + "&category=DATA_QUALITY"
                + "&involvedParties=site101&involvedParties=meridian&reason=" + enc("typo in the title"));
        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("title").asText()
                                                                      .equals("Queries backlog"));
        assertThat(issue(iid, 1).get("involvedParties")).hasSize(2);
    }

    @Test
    void capaActionsAreRedatedReassignedExtendedAndCancelledWithReasonsAndRefusalsInWords() {
        String iid = raise("Lab manual out of date");
        String aid = withAction(iid, "sita");
        String page = APP + "/issues/" + iid;
        String action = page + "/actions/" + aid;
        WorkspaceSession carl = session("carl");
        assertThat(carl.get(page).body()).contains("Correct the action: Add a second reviewer");
        assertThat(session("pat").get(page).body()).doesNotContain("Correct the action");

        LocalDate later = LocalDate.now().plusMonths(2);
        assertThat(carl.submit(action + "/redate", "dueOn=" + later + "&reason=" + enc("vendor delay")).statusCode())
                .isEqualTo(302);
        HttpResponse<String> same = carl.submit(action + "/reassign", "owner=sita&reason=" + enc("who else"));
        assertThat(same.statusCode()).isEqualTo(409);
        assertThat(same.body()).contains("The action already has that owner or due date.")
                               .contains("id=\"refusal-reassign-" + aid + "\"").contains("who else");
        assertThat(carl.submit(action + "/reassign", "owner=sid&reason=" + enc("sita on leave")).statusCode())
                .isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("owner").asText()
                                                                      .equals("sid"));

        WorkspaceSession sid = session("sid");
        assertThat(sid.get(page).body()).contains("Ask for more time: Add a second reviewer");
        LocalDate extended = later.plusWeeks(2);
        assertThat(sid.submit(action + "/extension-request", "dueOn=" + extended + "&reason=" + enc("audit week"))
                      .statusCode()).isEqualTo(302);
        HttpResponse<String> again = sid.submit(action + "/extension-request", "dueOn=" + extended.plusDays(1)
                + "&reason=" + enc("and one more day"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("An extension of this action already awaits the chair");

        HttpResponse<String> notChair = session("sita").submit(action + "/extension-decision",
                "approve=true&reason=fine");
        assertThat(notChair.statusCode()).isEqualTo(403);
        assertThat(notChair.body()).contains("Only the chair of the body at this tier may do this.");
        assertThat(carl.get(page).body()).contains("Decide the extension: Add a second reviewer");
        assertThat(carl.submit(action + "/extension-decision", "approve=true&reason=" + enc("reasonable"))
                       .statusCode()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("dueOn").asText()
                                                                      .equals(extended.toString()));

        assertThat(carl.submit(action + "/cancel", "reason=" + enc("superseded by the new manual")).statusCode())
                .isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("status").asText()
                                                                      .equals("CANCELLED"));
        HttpResponse<String> twice = carl.submit(action + "/cancel", "reason=" + enc("again"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("id=\"refusal-other\"");
    }

    @Test
    void aMembersPageListsWhatTheyHoldAndTheCoordinatorCorrectsTheirPartyWithAReason() {
        WorkspaceSession cora = session("cora");
        String pat = cora.get(APP + "/setup/members/pat").body();
        assertThat(pat).contains("Trial steering committee").contains("Open actions they own").contains("ONCO-6")
                       .contains("Revise leaflet with the patient panel");
        assertThat(cora.get(APP + "/setup/members/nobody-here").statusCode()).isEqualTo(404);

        WorkspaceSession sam = session("sam");
        HttpResponse<String> notCoordinator = sam.submit(APP + "/setup/members/exec/change",
                "partyId=ctu&roles=CONTRIBUTOR&reason=" + enc("moved to the CTU"));
        assertThat(notCoordinator.statusCode()).isEqualTo(403);
        assertThat(notCoordinator.body()).contains("Only a coordinator of this collaboration may do this.");

        HttpResponse<String> unchanged = cora.submit(APP + "/setup/members/exec/change",
                "partyId=helios&roles=CONTRIBUTOR&reason=" + enc("checking"));
        assertThat(unchanged.statusCode()).isEqualTo(409);
        assertThat(unchanged.body()).contains("This member already has that party and those roles.")
                                    .contains("id=\"refusal-change\"").contains("checking");

        HttpResponse<String> changed = cora.submit(APP + "/setup/members/exec/change",
                "partyId=ctu&roles=CONTRIBUTOR&reason=" + enc("moved to the CTU"));
        assertThat(changed.statusCode()).isEqualTo(302);
        JsonNode exec = null;
        for (JsonNode member : api("cora").get(API).json().get("members")) {
            if (member.get("username").asText().equals("exec") && (member.path("removedAt").isNull() || member.path("removedAt").isMissingNode())) {
                exec = member;
            }
        }
        assertThat(exec).isNotNull();
        assertThat(exec.get("partyId").asText()).isEqualTo("ctu");
    }

    @Test
    void aMemberOnATierIsNotRemovedAndOneWithoutASeatIsWithAReason() {
        WorkspaceSession cora = session("cora");
        HttpResponse<String> seated = cora.submit(APP + "/setup/members/pat/remove", "reason=" + enc("left the panel"));
        assertThat(seated.statusCode()).isEqualTo(409);
        assertThat(seated.body()).contains("This member sits on a tier of the governance ladder")
                                 .contains("id=\"refusal-remove\"").contains("left the panel");

        app.user("leaving");
        RunningApp.Response added = api("cora").post(API + "/members", Map.of("username", "leaving",
                "partyId", "ctu", "roles", List.of("CONTRIBUTOR")));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(cora.get(APP + "/setup/members/leaving").body()).contains("id=\"nothing-held\"");
        HttpResponse<String> removed = cora.submit(APP + "/setup/members/leaving/remove", "reason=" + enc("left"));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(cora.get(APP + "/setup/members/leaving").statusCode()).as("no longer a member").isEqualTo(404);
    }

    @Test
    void anAdministratorGrantsAndWithdrawsTheAdministratorRoleWithAReason() {
        app.user("rising");
        WorkspaceSession admin = new WorkspaceSession(app, "admin", RunningApp.ADMIN_PASSWORD);
        assertThat(admin.get("/app/admin/users").body()).contains("Make administrator: rising");
        HttpResponse<String> noReason = admin.submit("/app/admin/users/rising/admin", "grant=true&reason=");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(admin.submit("/app/admin/users/rising/admin", "grant=true&reason=" + enc("runs the next study"))
                        .statusCode()).isEqualTo(302);
        assertThat(app.asAdmin().get("/api/v1/admin/users/rising").json().get("admin").asBoolean()).isTrue();
        HttpResponse<String> twice = admin.submit("/app/admin/users/rising/admin", "grant=true&reason=again");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("This account is already an administrator.");
        assertThat(admin.get("/app/admin/users").body()).contains("Withdraw administrator: rising");
        assertThat(admin.submit("/app/admin/users/rising/admin", "grant=false&reason=" + enc("study ended"))
                        .statusCode()).isEqualTo(302);
        assertThat(app.asAdmin().get("/api/v1/admin/users/rising").json().get("admin").asBoolean()).isFalse();
        assertThat(session("cora").get("/app/admin/users").statusCode()).as("administrators only")
                .isIn(403, 404);
    }

    @Test
    void theIssueListSortsMostSevereFirstForTheApiAndTheWorkspaceAlike() {
        RunningApp.Response api = api("sita").get(API + "/issues?sort=SEVERITY&size=50");
        assertThat(api.status()).isEqualTo(200);
        List<Integer> severities = new java.util.ArrayList<>();
        api.json().get("items").forEach(item -> severities.add(
                org.concordia.kernel.issue.Severity.valueOf(item.get("severity").asText()).ordinal()));
        assertThat(severities).hasSizeGreaterThan(5).isSortedAccordingTo(java.util.Comparator.reverseOrder())
                              .contains(0); // sita does not see the restricted CRITICAL one: HIGH first, LOW last
        assertThat(api("sita").get(API + "/issues?sort=SIDEWAYS").status()).isEqualTo(400);
        String page = session("sita").get(APP + "/issues?sort=severity&size=25").body();
        assertThat(page).contains("<option value=\"severity\" selected=\"selected\">Most severe first</option>");
    }

    @Test
    void theIssueListSortsBySlaDueAndByLatestActivityForTheApiAndTheWorkspaceAlike() {
        RunningApp.Response due = api("sita").get(API + "/issues?sort=DUE&size=50");
        assertThat(due.status()).as(due.body()).isEqualTo(200);
        List<java.time.Instant> dues = new java.util.ArrayList<>();
        int withoutClock = 0;
        for (JsonNode item : due.json().get("items")) {
            if (item.get("slaDueAt").isNull()) {
                withoutClock++;
            } else {
                assertThat(withoutClock).as("issues without a running SLA clock come last").isZero();
                dues.add(java.time.Instant.parse(item.get("slaDueAt").asText()));
            }
        }
        assertThat(dues).hasSizeGreaterThan(2).isSorted();
        assertThat(withoutClock).as("the demo has closed issues").isPositive();

        RunningApp.Response activity = api("sita").get(API + "/issues?sort=ACTIVITY&size=50");
        assertThat(activity.status()).isEqualTo(200);
        List<java.time.Instant> latest = new java.util.ArrayList<>();
        activity.json().get("items").forEach(item -> latest.add(java.time.Instant.parse(
                item.get("lastActivityAt").asText())));
        assertThat(latest).hasSizeGreaterThan(5).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        RunningApp.Response sideways = api("sita").get(API + "/issues?sort=SIDEWAYS");
        assertThat(sideways.status()).isEqualTo(400);
        assertThat(sideways.header("Content-Type")).startsWith("application/problem+json");
        assertThat(sideways.json().toString()).contains("\"sort\"").contains("DUE").contains("ACTIVITY");

        JsonNode sort = null;
        for (JsonNode parameter : app.anonymous().get("/v3/api-docs").json()
                .at("/paths/~1api~1v1~1collaborations~1{cid}~1issues/get/parameters")) {
            if (parameter.get("name").asText().equals("sort")) {
                sort = parameter;
            }
        }
        assertThat(sort).as("the sort parameter is documented").isNotNull();
        assertThat(sort.at("/schema/enum").toString()).contains("\"DUE\"").contains("\"ACTIVITY\"");
        assertThat(sort.get("description").asText()).contains("SLA");

        String byDue = session("sita").get(APP + "/issues?sort=due&size=25").body();
        assertThat(byDue).contains("<option value=\"due\" selected=\"selected\">SLA due soonest first</option>")
                         .contains("<th scope=\"col\">Raised / last activity</th>");
        String byActivity = session("sita").get(APP + "/issues?sort=activity&page=0&size=25").body();
        assertThat(byActivity).contains(
                "<option value=\"activity\" selected=\"selected\">Latest activity first</option>");
    }

    @Test
    void theOriginalOfADuplicateIsChosenOnlyAmongIssuesTheChairMaySee() {
        String iid = raise("Courier delays again");
        String page = session("carl").get(APP + "/issues/" + iid).body();
        assertThat(page).contains("id=\"dismiss-original\"").contains("ONCO-1 ")
                        .as("demo-10 is restricted to the data monitoring committee").doesNotContain("demo-10");
    }
}
