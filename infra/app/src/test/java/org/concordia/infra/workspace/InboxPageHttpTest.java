package org.concordia.infra.workspace;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The inbox page: overdue actions shown to their owner and to the chair of the issue's tier (issue 15 §3), and a
 * page that stays a page when hundreds of issues wait (the badge counts them all; the page lists a hundred per
 * collaboration and says so).
 */
class InboxPageHttpTest {

    static final String ONCO = WorkspacePagesBrowserTest.ONCO;
    private static final Pattern LISTED = Pattern.compile("/issues/[^\"]+\"><span class=\"key\"");

    @TempDir
    Path dataDir;

    @Test
    void overdueActionsReachTheirOwnerAndTheChairAndAPageListsAHundredIssuesOfACollaboration() {
        try (RunningApp app = new RunningApp(dataDir, "--demo")) {
            RunningApp.Call cora = app.as("cora", "onco-demo-pass");
            await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get("/api/v1/collaborations/" + ONCO
                                                                      + "/issues/demo-12").status() == 200);
            String chairs = page(app, "carl", "onco-demo-pass", "/app/inbox");
            assertThat(chairs).contains("Overdue actions at tiers you chair", "Revise leaflet with the patient panel");
            String owners = page(app, "pat", "onco-demo-pass", "/app/inbox");
            assertThat(owners).contains("Revise leaflet with the patient panel", ">Overdue<")
                              .doesNotContain("Overdue actions at tiers you chair");

            // a second collaboration whose one-member working group is sita: each issue raised waits for her
            String cid = cora.post("/api/v1/collaborations", Map.of("key", "MANY", "name", "Many invoices",
                    "kind", "CLINICAL_TRIAL")).json().get("id").asText();
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
            cora.post("/api/v1/collaborations/" + cid + "/parties", Map.of("partyId", "site", "name", "Site",
                    "role", "SITE"));
            cora.post("/api/v1/collaborations/" + cid + "/members", Map.of("username", "sita", "partyId", "site",
                    "roles", List.of("CONTRIBUTOR")));
            long version = cora.put("/api/v1/collaborations/" + cid + "/governance", Map.of("tiers", List.of(
                    Map.of("name", "Working group", "members", List.of("sita"), "acknowledgeWithin", "P2D",
                           "resolveWithin", "P14D", "quorum", 1)))).json().get("version").asLong();
            RunningApp.Call sita = app.as("sita", "onco-demo-pass");
            sita.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
            String issues = "/api/v1/collaborations/" + cid + "/issues";
            for (int i = 1; i <= 101; i++) {
                assertThat(sita.post(issues, Map.of("type", "ISSUE", "title", "Invoice " + i + " disputed",
                        "description", "One of many invoices in dispute.", "category", "BUDGET", "severity", "LOW",
                        "involvedParties", List.of("site"))).status()).isEqualTo(201);
            }
            await().atMost(60, TimeUnit.SECONDS).untilAsserted(() -> {
                String inbox = page(app, "sita", "onco-demo-pass", "/app/inbox");
                assertThat(inbox).contains("id=\"inbox-cut\"").containsPattern("<strong>10[1-9]</strong>");
                Matcher listed = LISTED.matcher(inbox);
                int shown = 0;
                while (listed.find()) {
                    shown++;
                }
                // the hundred of MANY, and whatever waits for sita in the demo's collaboration
                assertThat(shown).isBetween(100, 100 + 20);
                assertThat(inbox).contains(">Invoice 1 disputed<", ">Invoice 100 disputed<")
                                 .doesNotContain(">Invoice 101 disputed<");
            });
        }
    }

    /** A page as a browser gets it after signing in through the form. */
    private static String page(RunningApp app, String username, String password, String path) {
        return new WorkspaceSession(app, username, password).get(path).body();
    }
}
