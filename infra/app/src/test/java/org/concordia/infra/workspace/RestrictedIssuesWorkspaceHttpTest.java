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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.infra.workspace.WorkspaceSession.enc;
import static org.awaitility.Awaitility.await;

/**
 * Restricted issues (issue 15) in the workspace, over plain HTTP: the demo's {@code demo-10} is restricted to the data
 * monitoring committee, so sita (site 101) and cora (the coordinator) do not see it anywhere — issue list, search,
 * its page and forms (not found, nothing written), dashboard counts, decision register, audit trail pages and
 * downloads — while dana (who chairs the DMC) and audrey (an auditor) do; and each page says what the API says to the
 * same user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestrictedIssuesWorkspaceHttpTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;
    static final String APP = "/app/c/" + ONCO;
    static final String API = "/api/v1/collaborations/" + ONCO;
    static final String RESTRICTED = "demo-10";
    /** Words of demo-10's title ("Unexpected grade 4 hepatotoxicity cluster"), and of its proposal below. */
    static final String TITLE_WORD = "hepatotoxicity";
    static final String DECISION = "Pause arm B enrolment pending hepatic review";
    static final String DECIDED_TITLE = "Bilirubin rise in two arm B patients";
    private static final Pattern OPEN_COUNT = Pattern.compile("<span>(\\d+)</span> open");
    private static final Pattern LISTED_COUNT = Pattern.compile("id=\"results-heading\"[^>]*><span>(\\d+)</span>");

    @TempDir
    static Path dataDir;
    RunningApp app;
    /** The id of the second restricted issue, the one decided. */
    String decided;

    @BeforeAll
    void start() {
        app = new RunningApp(dataDir, "--demo");
        RunningApp.Call dana = app.as("dana", "onco-demo-pass");
        await().atMost(60, TimeUnit.SECONDS).until(() -> dana.get(API + "/issues/demo-12").status() == 200
                                                         && dana.get(API + "/issues/" + RESTRICTED).status() == 200);
        // a decision on a second issue restricted to the DMC, for the decision register (demo-10 stays open): the
        // DMC (dana alone) adopts a proposal
        RunningApp.Response raised = dana.post(API + "/issues", Map.of("type", "ISSUE", "title", DECIDED_TITLE,
                "description", "Unblinded liver panels.", "category", "SAFETY", "severity", "CRITICAL",
                "involvedParties", List.of("dmc"), "restrictedToTiers", List.of("Data monitoring committee")));
        assertThat(raised.status()).as(raised.body()).isBetween(200, 201);
        decided = raised.json().get("id").asText();
        String issue = API + "/issues/" + decided;
        await().atMost(30, TimeUnit.SECONDS).until(() -> dana.get(issue).status() == 200);
        dana.post(issue + "/acknowledge", Map.of());
        RunningApp.Response proposed = dana.post(issue + "/proposals",
                                                 Map.of("summary", DECISION, "text", "Until the DMC has reviewed."));
        assertThat(proposed.status()).as(proposed.body()).isBetween(200, 201);
        String proposal = proposed.json().get("id").asText();
        RunningApp.Response voted = dana.post(issue + "/proposals/" + proposal + "/votes",
                Map.of("vote", "APPROVE", "signature", dana.signature("APPROVED")));
        assertThat(voted.status()).as(voted.body()).isBetween(200, 201);
        RunningApp.Call audrey = app.as("audrey", "onco-demo-pass");
        await().atMost(30, TimeUnit.SECONDS).until(() -> audrey.get(API + "/decisions").body().contains(DECISION));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aSiteMemberSeesTheRestrictedIssueNowhereInTheWorkspace() {
        assertHidden("sita");
    }

    @Test
    void theCoordinatorIsNotAViewerOfARestrictedIssueByRoleEither() {
        assertHidden("cora");
    }

    @Test
    void theCommitteeItIsRestrictedToSeesItOnEveryPage() {
        assertShown("dana");
    }

    @Test
    void anAuditorSeesItOnEveryPage() {
        assertShown("audrey");
    }

    @Test
    void aNonViewersCommentOnTheRestrictedIssueIsNotFoundAndWritesNothing() {
        RunningApp.Call dana = app.as("dana", "onco-demo-pass");
        long before = dana.get(API + "/issues/" + RESTRICTED).json().get("version").asLong();
        WorkspaceSession sita = session("sita");
        String token = sita.csrf(APP + "/issues");
        HttpResponse<String> comment = sita.post(APP + "/issues/" + RESTRICTED + "/comments",
                                                 "text=" + enc("seen it") + "&_csrf=" + enc(token));
        assertThat(comment.statusCode()).isEqualTo(404);
        assertThat(comment.body()).doesNotContain(TITLE_WORD);
        HttpResponse<String> acknowledge = sita.post(APP + "/issues/" + RESTRICTED + "/acknowledge",
                                                     "_csrf=" + enc(token));
        assertThat(acknowledge.statusCode()).isEqualTo(404);
        // nor may it be the target of a link from an issue sita sees: "not found" as for an id that does not exist
        HttpResponse<String> link = sita.post(APP + "/issues/demo-1/links", "relatedIssueId=" + RESTRICTED
                                                                          + "&relation=RELATES_TO&_csrf=" + enc(token));
        assertThat(link.statusCode()).isEqualTo(404);
        JsonNode after = dana.get(API + "/issues/" + RESTRICTED).json();
        assertThat(after.get("version").asLong()).isEqualTo(before);
        assertThat(after.toString()).doesNotContain("seen it");
        assertThat(dana.get(API + "/issues/demo-1").body()).doesNotContain(RESTRICTED);
    }

    @Test
    void aMembersOpenItemsLeaveOutTheRestrictedIssuesTheReaderMayNotSee() {
        String page = APP + "/setup/members/dana";
        String items = API + "/members/dana/open-items";
        // dana's DMC has demo-10 to acknowledge: the auditor sees that item, in the workspace and in the API
        assertThat(session("audrey").get(page).body()).contains("/issues/" + RESTRICTED);
        assertThat(app.as("audrey", "onco-demo-pass").get(items).body()).contains(RESTRICTED);
        for (String reader : new String[]{"sita", "cora"}) {
            HttpResponse<String> member = session(reader).get(page);
            assertThat(member.statusCode()).as(reader).isEqualTo(200);
            assertThat(member.body()).as(reader).doesNotContain("/issues/" + RESTRICTED).doesNotContain(TITLE_WORD);
            RunningApp.Response api = app.as(reader, "onco-demo-pass").get(items);
            assertThat(api.status()).as(reader).isEqualTo(200);
            assertThat(api.body()).as(reader).doesNotContain(RESTRICTED).doesNotContain(TITLE_WORD);
        }
    }

    /** Every workspace page and download, for a member who may not see demo-10, agreeing with the API. */
    private void assertHidden(String username) {
        RunningApp.Call api = app.as(username, "onco-demo-pass");
        assertThat(api.get(API + "/issues/" + RESTRICTED).status()).as("the API hides it").isEqualTo(404);
        WorkspaceSession user = session(username);

        HttpResponse<String> list = user.get(APP + "/issues?size=100");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(TITLE_WORD).doesNotContain("/issues/" + RESTRICTED);
        assertThat(listed(list)).isEqualTo(apiTotal(api, ""));
        HttpResponse<String> search = user.get(APP + "/issues?q=" + enc("grade 4 " + TITLE_WORD));
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).doesNotContain("/issues/" + RESTRICTED);
        assertThat(listed(search)).isZero().isEqualTo(apiTotal(api, "&q=" + enc("grade 4 " + TITLE_WORD)));

        assertThat(user.get(APP + "/issues/" + decided).statusCode()).isEqualTo(404);
        for (String path : new String[]{"", "/record.pdf", "/live"}) {
            HttpResponse<String> page = user.get(APP + "/issues/" + RESTRICTED + path);
            assertThat(page.statusCode()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).doesNotContain(TITLE_WORD);
        }

        assertThat(openOnDashboard(user)).isEqualTo(api.get(API + "/reports/open-conflicts").json()
                                                       .get("totalOpen").asLong())
                                         .isLessThan(openOnDashboard(session("audrey")));
        HttpResponse<String> dashboard = user.get(APP);
        assertThat(dashboard.body()).doesNotContain("/issues/" + RESTRICTED);

        HttpResponse<String> decisions = user.get(APP + "/decisions");
        assertThat(decisions.statusCode()).isEqualTo(200);
        assertThat(decisions.body()).doesNotContain(DECISION).doesNotContain(DECIDED_TITLE).doesNotContain(decided);

        HttpResponse<String> audit = user.get(APP + "/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body()).doesNotContain(RESTRICTED).doesNotContain(TITLE_WORD).doesNotContain(DECISION)
                                .doesNotContain(decided);
        assertThat(user.get(APP + "/audit?issue=" + RESTRICTED).statusCode()).isEqualTo(404);
        for (String download : new String[]{"/audit/trail.csv", "/audit/trail.json"}) {
            HttpResponse<String> trail = user.get(APP + download);
            assertThat(trail.statusCode()).as(download).isEqualTo(200);
            assertThat(trail.body()).as(download).doesNotContain(RESTRICTED).doesNotContain(TITLE_WORD)
                                    .doesNotContain(decided).doesNotContain(DECISION).contains("demo-1");
            assertThat(user.get(APP + download + "?issue=" + RESTRICTED).statusCode()).as(download).isEqualTo(404);
        }
    }

    /** The same pages for a member who may see demo-10. */
    private void assertShown(String username) {
        RunningApp.Call api = app.as(username, "onco-demo-pass");
        assertThat(api.get(API + "/issues/" + RESTRICTED).status()).isEqualTo(200);
        WorkspaceSession user = session(username);

        HttpResponse<String> list = user.get(APP + "/issues?size=100");
        assertThat(list.body()).contains("/issues/" + RESTRICTED).contains(TITLE_WORD);
        assertThat(listed(list)).isEqualTo(apiTotal(api, ""));
        HttpResponse<String> search = user.get(APP + "/issues?q=" + enc("grade 4 " + TITLE_WORD));
        assertThat(search.body()).contains("/issues/" + RESTRICTED);
        assertThat(listed(search)).isOne();
        HttpResponse<String> page = user.get(APP + "/issues/" + RESTRICTED);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(TITLE_WORD);
        assertThat(user.get(APP + "/issues/" + decided).body()).contains(DECIDED_TITLE).contains(DECISION);
        assertThat(openOnDashboard(user)).isEqualTo(api.get(API + "/reports/open-conflicts").json()
                                                       .get("totalOpen").asLong());
        assertThat(user.get(APP + "/decisions").body()).contains(DECISION);
        assertThat(user.get(APP + "/audit?issue=" + RESTRICTED).body()).contains(RESTRICTED);
        assertThat(user.get(APP + "/audit?issue=" + decided).body()).contains(DECISION);
        for (String download : new String[]{"/audit/trail.csv", "/audit/trail.json"}) {
            assertThat(user.get(APP + download).body()).as(download).contains(RESTRICTED).contains(TITLE_WORD);
            assertThat(user.get(APP + download + "?issue=" + decided).body()).as(download).contains(DECISION);
        }
    }

    /** How many issues the API's list gives the user ({@code filter}: more of its query). */
    private static long apiTotal(RunningApp.Call api, String filter) {
        return api.get(API + "/issues?size=1" + filter).json().get("total").asLong();
    }

    /** How many issues the list page says it found. */
    private static long listed(HttpResponse<String> page) {
        Matcher count = LISTED_COUNT.matcher(page.body());
        assertThat(count.find()).as("the list's count").isTrue();
        return Long.parseLong(count.group(1));
    }

    private long openOnDashboard(WorkspaceSession user) {
        HttpResponse<String> dashboard = user.get(APP);
        assertThat(dashboard.statusCode()).isEqualTo(200);
        Matcher open = OPEN_COUNT.matcher(dashboard.body());
        assertThat(open.find()).as("the dashboard's open count").isTrue();
        return Long.parseLong(open.group(1));
    }

    private WorkspaceSession session(String username) {
        return new WorkspaceSession(app, username, "onco-demo-pass");
    }
}
