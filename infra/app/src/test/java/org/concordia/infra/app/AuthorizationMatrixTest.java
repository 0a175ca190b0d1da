package org.concordia.infra.app;

import org.concordia.kernel.shared.DomainRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every kind of caller → the status the contract allows, and never a byte of a collaboration to
 * someone outside it. Commands on issues get a fresh issue per cell, so that one caller's success cannot change
 * what the next one sees.
 */
class AuthorizationMatrixTest {

    static final String SECRET = "Confidential oncology dispute";
    static final Map<String, Object> LADDER = Map.of("tiers", List.of(
            Map.of("name", "WG", "members", List.of("wendy"), "acknowledgeWithin", "P2D", "resolveWithin", "P14D",
                   "quorum", 1),
            Map.of("name", "Steering committee", "members", List.of("carl"), "acknowledgeWithin", "P5D",
                   "resolveWithin", "P30D", "quorum", 1)));
    static final List<String> CALLERS = List.of("anonymous", "outsider", "observer", "auditor", "contributor",
                                                "tierMember", "coordinator", "admin");

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static final Map<String, RunningApp.Call> as = new LinkedHashMap<>();
    static String cid;

    @BeforeAll
    static void consortium() {
        app = new RunningApp(dataDir);
        as.put("anonymous", app.anonymous());
        as.put("outsider", app.user("mallory"));
        as.put("observer", app.user("olga"));
        as.put("auditor", app.user("audrey"));
        as.put("contributor", app.user("carl"));
        as.put("tierMember", app.user("wendy"));
        as.put("coordinator", app.user("cora"));
        as.put("admin", app.asAdmin());
        RunningApp.Call cora = as.get("coordinator");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "MATRIX", "name", SECRET, "kind", "CLINICAL_TRIAL"))
                  .json().get("id").asText();
        cora.get(c("?minVersion=1"));
        cora.post(c("/parties"), Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"));
        cora.post(c("/parties"), Map.of("partyId", "site", "name", "Site", "role", "SITE"));
        cora.post(c("/members"), Map.of("username", "olga", "partyId", "site", "roles", List.of("OBSERVER")));
        cora.post(c("/members"), Map.of("username", "audrey", "partyId", "site", "roles", List.of("AUDITOR")));
        cora.post(c("/members"), Map.of("username", "carl", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")));
        cora.post(c("/members"), Map.of("username", "wendy", "partyId", "site", "roles", List.of("CONTRIBUTOR")));
        long version = cora.put(c("/governance"), LADDER).json().get("version").asLong();
        cora.get(c("?minVersion=" + version));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + (path.startsWith("?") || path.isEmpty() ? path : path);
    }

    /** A fresh issue raised by the contributor; its path. */
    static String freshIssue() {
        return c("/issues/" + as.get("contributor").post(c("/issues"), Map.of("type", "ISSUE", "title", SECRET,
                "description", "d", "category", "BUDGET", "severity", "LOW", "involvedParties", List.of("sponsor")))
                .json().get("id").asText());
    }

    static String id(RunningApp.Response response) {
        return response.json().get("id").asText();
    }

    /** A fresh issue acknowledged by the tier member, with a proposal open; returns {issue path, proposal id}. */
    static String[] proposed() {
        String issue = freshIssue();
        RunningApp.Call wendy = as.get("tierMember");
        wendy.post(issue + "/acknowledge", Map.of());
        return new String[]{issue, id(wendy.post(issue + "/proposals", Map.of("summary", "s", "text", "t")))};
    }

    /** A fresh issue RESOLVED by the tier member's adopted proposal (quorum 1). */
    static String resolved() {
        String[] proposal = proposed();
        as.get("tierMember").post(proposal[0] + "/proposals/" + proposal[1] + "/votes", Map.of("vote", "APPROVE",
                "signature", as.get("tierMember").signature("APPROVED")));
        return proposal[0];
    }

    /** A fresh webhook subscription of the coordinator; its id. */
    static String webhook() {
        return id(as.get("coordinator").post("/api/v1/webhooks", Map.of("url", "https://93.184.215.14/hook",
                "eventTypes", List.of(), "collaborationId", cid)));
    }

    static String freshUser() {
        String username = "u" + (System.nanoTime() % 1_000_000_000L);
        app.user(username);
        return username;
    }

    record Row(String endpoint, Function<RunningApp.Call, RunningApp.Response> call, int... expected) {
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheContractSays() {
        // expected, in CALLERS order: anonymous, outsider, observer, auditor, contributor, tier member, coordinator, admin
        List<Row> rows = List.of(
                new Row("GET collaboration", u -> u.get(c("")), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET issues", u -> u.get(c("/issues")), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET report", u -> u.get(c("/reports/open-conflicts")), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET decisions", u -> u.get(c("/decisions")), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET audit trail", u -> u.get(c("/audit-trail?limit=10")), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET inbox", u -> u.get("/api/v1/me/inbox"), 401, 200, 200, 200, 200, 200, 200, 200),
                new Row("POST party", u -> u.post(c("/parties"), Map.of("partyId", "p" + System.nanoTime(),
                        "name", "P", "role", "VENDOR")), 401, 404, 403, 403, 403, 403, 200, 404),
                new Row("PUT governance", u -> u.put(c("/governance"), LADDER), 401, 404, 403, 403, 403, 403, 200, 404),
                new Row("POST issue", u -> u.post(c("/issues"), Map.of("type", "ISSUE", "title", "t", "description", "d",
                        "category", "OTHER", "severity", "LOW", "involvedParties", List.of("site"))),
                        401, 404, 403, 403, 201, 201, 403, 404),
                new Row("POST comment", u -> u.post(freshIssue() + "/comments", Map.of("text", "hello")),
                        401, 404, 403, 403, 201, 201, 201, 404),
                new Row("POST acknowledge", u -> u.post(freshIssue() + "/acknowledge", Map.of()),
                        401, 404, 403, 403, 403, 200, 403, 404),
                new Row("POST member", u -> u.post(c("/members"), Map.of("username", freshUser(), "partyId", "site",
                        "roles", List.of("CONTRIBUTOR"))), 401, 404, 403, 403, 403, 403, 200, 404),
                new Row("DELETE member", u -> {
                    String member = freshUser();
                    as.get("coordinator").post(c("/members"), Map.of("username", member, "partyId", "site",
                                                                      "roles", List.of("CONTRIBUTOR")));
                    return u.delete(c("/members/" + member));
                }, 401, 404, 403, 403, 403, 403, 200, 404),
                new Row("GET issue", u -> u.get(freshIssue() + "?minVersion=0"), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET issue history", u -> u.get(freshIssue() + "/history"), 401, 404, 200, 200, 200, 200, 200, 404),
                new Row("GET audit trail CSV", u -> u.get(c("/audit-trail"), "text/csv"),
                        401, 404, 200, 200, 200, 200, 200, 404),
                new Row("POST assign", u -> u.post(freshIssue() + "/assign", Map.of("owner", "carl")),
                        401, 404, 403, 403, 200, 200, 200, 404),
                new Row("POST evidence", u -> u.post(freshIssue() + "/evidence", Map.of("title", "Minutes",
                        "uri", "https://dms.example.org/doc/1")), 401, 404, 403, 403, 201, 201, 201, 404),
                new Row("POST severity", u -> u.post(freshIssue() + "/severity", Map.of("severity", "HIGH",
                        "reason", "worse")), 401, 404, 403, 403, 200, 200, 200, 404),
                new Row("POST link", u -> u.post(freshIssue() + "/links", Map.of("relatedIssueId",
                        freshIssue().substring(freshIssue().lastIndexOf('/') + 1), "relation", "RELATES_TO")),
                        401, 404, 403, 403, 200, 200, 200, 404),
                new Row("POST escalate", u -> u.post(freshIssue() + "/escalate", Map.of("reason", "stuck")),
                        401, 404, 403, 403, 200, 200, 200, 404),
                new Row("POST proposal", u -> {
                    String issue = freshIssue();
                    as.get("tierMember").post(issue + "/acknowledge", Map.of());
                    return u.post(issue + "/proposals", Map.of("summary", "s", "text", "t"));
                }, 401, 404, 403, 403, 403, 201, 201, 404),
                new Row("POST vote", u -> {
                    String[] proposal = proposed();
                    return u.post(proposal[0] + "/proposals/" + proposal[1] + "/votes", Map.of("vote", "APPROVE",
                            "signature", u.signature("APPROVED")));
                }, 401, 404, 403, 403, 403, 200, 403, 404),
                new Row("POST action", u -> u.post(freshIssue() + "/actions", Map.of("kind", "PREVENTIVE",
                        "description", "d", "owner", "carl", "dueOn", "2027-01-31")),
                        401, 404, 403, 403, 403, 201, 201, 404),
                new Row("POST complete action", u -> {
                    String issue = freshIssue();
                    String action = id(as.get("tierMember").post(issue + "/actions", Map.of("kind", "CORRECTIVE",
                            "description", "d", "owner", "carl", "dueOn", "2027-01-31")));
                    return u.post(issue + "/actions/" + action + "/complete", Map.of("note", "done"));
                }, 401, 404, 403, 403, 200, 403, 403, 404),
                new Row("POST close", u -> u.post(resolved() + "/close", Map.of("note", "ok",
                        "signature", u.signature("CLOSED_AS_EFFECTIVE"))),
                        401, 404, 403, 403, 403, 200, 200, 404),
                new Row("POST reopen", u -> u.post(resolved() + "/reopen", Map.of("reason", "relapse")),
                        401, 404, 403, 403, 403, 200, 200, 404),
                new Row("POST withdraw", u -> u.post(freshIssue() + "/withdraw", Map.of("reason", "moot")),
                        401, 404, 403, 403, 200, 403, 403, 404),
                new Row("GET admin projections", u -> u.get("/api/v1/admin/projections"),
                        401, 403, 403, 403, 403, 403, 403, 200),
                new Row("POST admin replay", u -> u.post("/api/v1/admin/projections/decisions/replay", Map.of()),
                        401, 403, 403, 403, 403, 403, 403, 202),
                new Row("GET events feed (admin sees all)", u -> u.get("/api/v1/events?after=0&limit=500"),
                        401, 200, 200, 200, 200, 200, 200, 200),
                // a public IP literal: no DNS needed, and the SSRF policy lets it through
                new Row("POST webhook", u -> u.post("/api/v1/webhooks", Map.of("url", "https://93.184.215.14/hook",
                        "eventTypes", List.of(), "collaborationId", cid)), 401, 404, 403, 403, 403, 403, 201, 201),
                new Row("GET webhook deliveries", u -> u.get("/api/v1/webhooks/" + webhook() + "/deliveries"),
                        401, 404, 404, 404, 404, 404, 200, 200),
                new Row("DELETE webhook", u -> u.delete("/api/v1/webhooks/" + webhook()),
                        401, 404, 404, 404, 404, 404, 204, 204),
                new Row("GET admin audit verify", u -> u.get("/api/v1/admin/audit/verify"),
                        401, 403, 403, 403, 403, 403, 403, 200),
                new Row("POST user", u -> u.post("/api/v1/users", Map.of("username", "u" + System.nanoTime() % 100000,
                        "displayName", "U", "password", "long-enough-password")), 401, 403, 403, 403, 403, 403, 403, 201));

        List<String> mismatches = new ArrayList<>();
        int forbiddenByRule = 0;
        for (Row row : rows) {
            for (int i = 0; i < CALLERS.size(); i++) {
                String caller = CALLERS.get(i);
                RunningApp.Response response = row.call().apply(as.get(caller));
                if (response.status() != row.expected()[i]) {
                    mismatches.add(row.endpoint() + " as " + caller + ": expected " + row.expected()[i] + " got "
                                   + response.status() + " " + response.body());
                }
                if (caller.equals("anonymous") || caller.equals("outsider")
                    || (caller.equals("admin") && !row.endpoint().contains("admin") && !row.endpoint().contains("user")
                        && !row.endpoint().contains("inbox"))) {
                    assertThat(response.body()).as(row.endpoint() + " as " + caller).doesNotContain(SECRET)
                                               .doesNotContain("MATRIX");
                }
                if (response.status() >= 400) {
                    assertThat(response.header("Content-Type")).as(row.endpoint() + " as " + caller)
                                                               .startsWith("application/problem+json");
                }
                // a refused domain rule: 403 exactly when it is about who may act, 409 for the current state
                String named = (response.status() == 403 || response.status() == 409)
                               ? response.json().path("rule").asText("") : "";
                DomainRule rule = java.util.Arrays.stream(DomainRule.values()).filter(r -> r.name().equals(named))
                                                  .findFirst().orElse(null);
                if (rule != null) {
                    assertThat(response.status()).as(row.endpoint() + " as " + caller + ": " + rule)
                                                 .isEqualTo(rule.decidesWhoMayAct() ? 403 : 409);
                    forbiddenByRule += response.status() == 403 ? 1 : 0;
                }
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(forbiddenByRule).as("403s that name the who-may-act rule").isGreaterThan(50);
    }
}
