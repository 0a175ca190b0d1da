package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "No page issues more than a handful of queries" (issue 14), counted rather than timed: every workspace page is
 * opened as a signed-in member on the demo data, and the most MongoDB commands any one request of each page issued
 * (the {@code concordia_http_server_requests_db_commands} meter, read from the Prometheus endpoint) stays within
 * {@link #AT_MOST}. A page that reads per issue, per member or per event would count tens to thousands here.
 */
class WorkspaceQueriesPerPageHttpTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;
    /**
     * The heaviest page, an issue's, reads the account, the membership (view and newer events), the navigation's
     * badge, the issue view and its audit trail (index, positions, events), and the issues its link and duplicate
     * forms offer: about two dozen look-ups by key, none of them repeated per issue, comment or event.
     */
    static final int AT_MOST = 25;
    private static final Pattern MAX = Pattern.compile(
            "^concordia_http_server_requests_db_commands_max\\{method=\"GET\",uri=\"([^\"]+)\",?} ([0-9.E]+)$",
            Pattern.MULTILINE);

    @TempDir
    Path dataDir;

    @Test
    void noPageIssuesMoreThanAFewLookUps() {
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call cora = app.as("cora", "onco-demo-pass");
            await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations/" + ONCO
                                                                      + "/issues/demo-12").status() == 200);
            String c = "/app/c/" + ONCO;
            List<String> memberPages = List.of("/app", "/app/inbox", "/app/account", "/app/account/password", c,
                    c + "?asOf=2026-01-01T00:00:00Z", c + "/issues", c + "/issues?status=OPEN&severity=HIGH",
                    c + "/issues?q=freezer", c + "/issues?sort=oldest&page=2", c + "/issues?sort=due",
                    c + "/issues?sort=activity&status=OPEN", c + "/issues?sort=due&size=25&page=1", c + "/issues/new",
                    c + "/issues/demo-1", c + "/issues/demo-7", c + "/decisions", c + "/audit",
                    c + "/audit?issue=demo-7", c + "/audit/trail.csv", c + "/audit/trail.json");
            WorkspaceSession coordinator = new WorkspaceSession(app, "cora", "onco-demo-pass");
            // twice: the first request of a page may warm caches the way any first visitor does
            for (int round = 0; round < 2; round++) {
                memberPages.forEach(page -> assertThat(coordinator.get(page).statusCode()).as(page).isEqualTo(200));
            }
            WorkspaceSession admin = new WorkspaceSession(app, "admin", RunningApp.ADMIN_PASSWORD);
            for (String page : List.of("/app/admin", "/app/admin/users")) {
                assertThat(admin.get(page).statusCode()).as(page).isEqualTo(200);
            }

            Map<String, Double> mostPerPage = new TreeMap<>();
            Matcher max = MAX.matcher(app.anonymous().get("/actuator/prometheus", "text/plain").body());
            while (max.find()) {
                if (max.group(1).startsWith("/app")) {
                    mostPerPage.put(max.group(1), Double.parseDouble(max.group(2)));
                }
            }
            System.out.println("[queries per page] most MongoDB commands of one request: " + mostPerPage);
            assertThat(mostPerPage).containsKeys("/app", "/app/inbox", "/app/c/{cid}", "/app/c/{cid}/issues",
                    "/app/c/{cid}/issues/{iid}", "/app/c/{cid}/decisions", "/app/c/{cid}/audit", "/app/admin");
            assertThat(mostPerPage).allSatisfy((page, commands) ->
                    assertThat(commands).as("MongoDB commands of one request of %s", page).isPositive()
                                        .isLessThanOrEqualTo(AT_MOST));

            // the dashboard as of an instant in the middle of the demo's history: a few look-ups more than now (the
            // report's nearest snapshot and the changes after it, the collaboration's index and one chunk of its
            // history), not a read of the collaboration's events; plus, either way, the generations documents,
            // which a page re-reads when its cached copy is older than half a second
            com.fasterxml.jackson.databind.JsonNode entries = cora.get("/api/v1/collaborations/" + ONCO
                    + "/audit-trail?limit=60").json().get("entries");
            String middle = entries.get(entries.size() / 2).get("occurredAt").asText();
            double before = dashboardCommands(app);
            assertThat(coordinator.get(c).statusCode()).isEqualTo(200);
            double now = dashboardCommands(app) - before;
            assertThat(coordinator.get(c + "?asOf=" + middle).statusCode()).isEqualTo(200);
            double asOf = dashboardCommands(app) - before - now;
            System.out.println("[queries per page] the dashboard now: " + now + "; as of " + middle + ": " + asOf);
            assertThat(asOf).as("MongoDB commands of the dashboard as of an instant (now: %s)", now)
                            .isLessThanOrEqualTo(now + 4 + 3);
        }
    }

    private static final Pattern DASHBOARD_SUM = Pattern.compile(
            "^concordia_http_server_requests_db_commands_sum\\{method=\"GET\",uri=\"/app/c/\\{cid}\",?} ([0-9.E]+)$",
            Pattern.MULTILINE);

    /** The MongoDB commands of every dashboard request so far. */
    private static double dashboardCommands(RunningApp app) {
        Matcher sum = DASHBOARD_SUM.matcher(app.anonymous().get("/actuator/prometheus", "text/plain").body());
        assertThat(sum.find()).as("the dashboard's commands meter").isTrue();
        return Double.parseDouble(sum.group(1));
    }
}
