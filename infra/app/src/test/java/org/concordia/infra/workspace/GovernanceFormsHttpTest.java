package org.concordia.infra.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
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
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

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

    /** A browser-like client, signed in: cookies kept, redirects not followed. */
    final class Session {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String token;

        Session(String username) {
            this(username, "onco-demo-pass");
        }

        Session(String username, String password) {
            token = csrf("/login");
            HttpResponse<String> in = post("/login", "username=" + username + "&password=" + enc(password));
            assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
            token = csrf("/app");
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).GET().build());
        }

        /** Posts the form with this session's CSRF token. */
        HttpResponse<String> post(String path, String form) {
            return send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                                   .header("Content-Type", "application/x-www-form-urlencoded")
                                   .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + enc(token))).build());
        }

        String csrf(String path) {
            Matcher matcher = CSRF.matcher(get(path).body());
            assertThat(matcher.find()).as("a CSRF field on " + path).isTrue();
            return matcher.group(1);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
        assertThat(new Session("sita").get(page).body()).as("not the chair").doesNotContain("Close without a vote");
        Session carl = new Session("carl");
        assertThat(carl.get(page).body()).contains("Close without a vote…").contains("CLOSED_WITHOUT_VOTE");

        HttpResponse<String> wrong = carl.post(page + "/dismiss", "dismissal=NOT_AN_ISSUE&reason="
                + enc("A reporting artefact") + "&password=not-his-password");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("The password does not match. Nothing was signed or recorded.")
                                .contains("id=\"refusal-dismiss\"").contains("A reporting artefact")
                                .contains("data-open-on-load=\"true\"");

        HttpResponse<String> duplicateWithoutOriginal = carl.post(page + "/dismiss", "dismissal=DUPLICATE&reason=same"
                + "&password=onco-demo-pass");
        assertThat(duplicateWithoutOriginal.statusCode()).isEqualTo(400);
        assertThat(duplicateWithoutOriginal.body()).contains("id=\"refusal-dismiss\"").contains("Duplicate of");

        HttpResponse<String> closed = carl.post(page + "/dismiss", "dismissal=NOT_AN_ISSUE&reason="
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

        Session sita = new Session("sita");
        String hers = sita.get(page).body();
        assertThat(hers).contains("id=\"check-by-others\"").doesNotContain("Record the effectiveness check…");
        HttpResponse<String> refused = sita.post(page + "/effectiveness-check", "effective=true&findings="
                + enc("All verified on time") + "&password=onco-demo-pass");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Someone other than the action owners and the proposer must check the "
                                            + "effectiveness of the actions.");

        Session sid = new Session("sid");
        assertThat(sid.get(page).body()).contains("Record the effectiveness check…")
                                        .contains("EFFECTIVENESS_VERIFIED");
        HttpResponse<String> recorded = sid.post(page + "/effectiveness-check", "effective=true&findings="
                + enc("All verified on time") + "&password=onco-demo-pass");
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("effectivenessCheck").get("results")
                                                                         .size() == 1);
        JsonNode result = issue(iid, 1).get("effectivenessCheck").get("results").get(0);
        assertThat(result.get("checkedBy").asText()).isEqualTo("sid");
        assertThat(result.get("signature").get("meaning").asText()).isEqualTo("EFFECTIVENESS_VERIFIED");
    }

    @Test
    void detailsAreCorrectedWithAReasonAndACorrectionThatChangesNothingIsRefusedKeepingWhatWasTyped() {
        String iid = raise("Quereis backlog");
        String page = APP + "/issues/" + iid;
        assertThat(new Session("audrey").get(page).body()).as("read-only").doesNotContain("Correct the details");
        Session cora = new Session("cora");
        assertThat(cora.get(page).body()).contains("Correct the details");

        HttpResponse<String> nothing = cora.post(page + "/corrections", "title=" + enc("Quereis backlog")
                + "&description=" + enc("Seen at the monitoring visit.") + "&category=DATA_QUALITY"
                + "&involvedParties=site101&reason=" + enc("typo in the title"));
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(nothing.body()).contains("The correction changes nothing.").contains("id=\"refusal-correct\"")
                                  .contains("typo in the title");

        HttpResponse<String> corrected = cora.post(page + "/corrections", "title=" + enc("Queries backlog")
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
        Session carl = new Session("carl");
        assertThat(carl.get(page).body()).contains("Correct the action: Add a second reviewer");
        assertThat(new Session("pat").get(page).body()).doesNotContain("Correct the action");

        LocalDate later = LocalDate.now().plusMonths(2);
        assertThat(carl.post(action + "/redate", "dueOn=" + later + "&reason=" + enc("vendor delay")).statusCode())
                .isEqualTo(302);
        HttpResponse<String> same = carl.post(action + "/reassign", "owner=sita&reason=" + enc("who else"));
        assertThat(same.statusCode()).isEqualTo(409);
        assertThat(same.body()).contains("The action already has that owner or due date.")
                               .contains("id=\"refusal-reassign-" + aid + "\"").contains("who else");
        assertThat(carl.post(action + "/reassign", "owner=sid&reason=" + enc("sita on leave")).statusCode())
                .isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("owner").asText()
                                                                      .equals("sid"));

        Session sid = new Session("sid");
        assertThat(sid.get(page).body()).contains("Ask for more time: Add a second reviewer");
        LocalDate extended = later.plusWeeks(2);
        assertThat(sid.post(action + "/extension-request", "dueOn=" + extended + "&reason=" + enc("audit week"))
                      .statusCode()).isEqualTo(302);
        HttpResponse<String> again = sid.post(action + "/extension-request", "dueOn=" + extended.plusDays(1)
                + "&reason=" + enc("and one more day"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("An extension of this action already awaits the chair");

        HttpResponse<String> notChair = new Session("sita").post(action + "/extension-decision",
                "approve=true&reason=fine");
        assertThat(notChair.statusCode()).isEqualTo(403);
        assertThat(notChair.body()).contains("Only the chair of the body at this tier may do this.");
        assertThat(carl.get(page).body()).contains("Decide the extension: Add a second reviewer");
        assertThat(carl.post(action + "/extension-decision", "approve=true&reason=" + enc("reasonable"))
                       .statusCode()).isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("dueOn").asText()
                                                                      .equals(extended.toString()));

        assertThat(carl.post(action + "/cancel", "reason=" + enc("superseded by the new manual")).statusCode())
                .isEqualTo(302);
        await().atMost(10, TimeUnit.SECONDS).until(() -> issue(iid, 1).get("actions").get(0).get("status").asText()
                                                                      .equals("CANCELLED"));
        HttpResponse<String> twice = carl.post(action + "/cancel", "reason=" + enc("again"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("id=\"refusal-other\"");
    }

    @Test
    void aMembersPageListsWhatTheyHoldAndTheCoordinatorCorrectsTheirPartyWithAReason() {
        Session cora = new Session("cora");
        String pat = cora.get(APP + "/setup/members/pat").body();
        assertThat(pat).contains("Trial steering committee").contains("Open actions they own").contains("ONCO-6")
                       .contains("Revise leaflet with the patient panel");
        assertThat(cora.get(APP + "/setup/members/nobody-here").statusCode()).isEqualTo(404);

        Session sam = new Session("sam");
        HttpResponse<String> notCoordinator = sam.post(APP + "/setup/members/exec/change",
                "partyId=ctu&roles=CONTRIBUTOR&reason=" + enc("moved to the CTU"));
        assertThat(notCoordinator.statusCode()).isEqualTo(403);
        assertThat(notCoordinator.body()).contains("Only a coordinator of this collaboration may do this.");

        HttpResponse<String> unchanged = cora.post(APP + "/setup/members/exec/change",
                "partyId=helios&roles=CONTRIBUTOR&reason=" + enc("checking"));
        assertThat(unchanged.statusCode()).isEqualTo(409);
        assertThat(unchanged.body()).contains("This member already has that party and those roles.")
                                    .contains("id=\"refusal-change\"").contains("checking");

        HttpResponse<String> changed = cora.post(APP + "/setup/members/exec/change",
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
        Session cora = new Session("cora");
        HttpResponse<String> seated = cora.post(APP + "/setup/members/pat/remove", "reason=" + enc("left the panel"));
        assertThat(seated.statusCode()).isEqualTo(409);
        assertThat(seated.body()).contains("This member sits on a tier of the governance ladder")
                                 .contains("id=\"refusal-remove\"").contains("left the panel");

        app.user("leaving");
        RunningApp.Response added = api("cora").post(API + "/members", Map.of("username", "leaving",
                "partyId", "ctu", "roles", List.of("CONTRIBUTOR")));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(cora.get(APP + "/setup/members/leaving").body()).contains("id=\"nothing-held\"");
        HttpResponse<String> removed = cora.post(APP + "/setup/members/leaving/remove", "reason=" + enc("left"));
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(cora.get(APP + "/setup/members/leaving").statusCode()).as("no longer a member").isEqualTo(404);
    }

    @Test
    void anAdministratorGrantsAndWithdrawsTheAdministratorRoleWithAReason() {
        app.user("rising");
        Session admin = new Session("admin", RunningApp.ADMIN_PASSWORD);
        assertThat(admin.get("/app/admin/users").body()).contains("Make administrator: rising");
        HttpResponse<String> noReason = admin.post("/app/admin/users/rising/admin", "grant=true&reason=");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(admin.post("/app/admin/users/rising/admin", "grant=true&reason=" + enc("runs the next study"))
                        .statusCode()).isEqualTo(302);
        assertThat(app.asAdmin().get("/api/v1/admin/users/rising").json().get("admin").asBoolean()).isTrue();
        HttpResponse<String> twice = admin.post("/app/admin/users/rising/admin", "grant=true&reason=again");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("This account is already an administrator.");
        assertThat(admin.get("/app/admin/users").body()).contains("Withdraw administrator: rising");
        assertThat(admin.post("/app/admin/users/rising/admin", "grant=false&reason=" + enc("study ended"))
                        .statusCode()).isEqualTo(302);
        assertThat(app.asAdmin().get("/api/v1/admin/users/rising").json().get("admin").asBoolean()).isFalse();
        assertThat(new Session("cora").get("/app/admin/users").statusCode()).as("administrators only")
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
        String page = new Session("sita").get(APP + "/issues?sort=severity&size=25").body();
        assertThat(page).contains("<option value=\"severity\" selected=\"selected\">Most severe first</option>");
    }

    @Test
    void theOriginalOfADuplicateIsChosenOnlyAmongIssuesTheChairMaySee() {
        String iid = raise("Courier delays again");
        String page = new Session("carl").get(APP + "/issues/" + iid).body();
        assertThat(page).contains("id=\"dismiss-original\"").contains("ONCO-1 ")
                        .as("demo-10 is restricted to the data monitoring committee").doesNotContain("demo-10");
    }
}
