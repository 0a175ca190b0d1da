package org.concordia.infra.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.ActionKind;
import org.concordia.kernel.issue.AddCorrectiveAction;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.ChangeSeverity;
import org.concordia.kernel.issue.CloseIssue;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.CompleteAction;
import org.concordia.kernel.issue.EscalateIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.ReopenIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.issue.WithdrawIssue;
import org.concordia.kernel.shared.SignatureMeaning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-conflict report's counters equal a brute-force recount of the issue views after a random sequence of
 * 2,000 commands over 50 issues, sent through the real command side by the demo consortium's members (most of
 * them legal, many refused by the aggregates' rules; a refused command changes nothing).
 */
class ReportRecountAfterRandomCommandsTest {

    private static final List<String> USERS = List.of("cora", "sam", "carl", "sita", "sid", "dana", "pat", "prof",
            "exec");
    private static final List<String> PARTIES = List.of("site101", "site204", "helios", "meridian", "ctu", "dmc",
            "patients");

    @TempDir
    Path dataDir;

    @Test
    void reportCountersEqualABruteForceRecountAfterTwoThousandRandomCommandsOverFiftyIssues() {
        // cheap password hashing (as ReadYourWritesHttpTest): every vote and closing still signs with the password,
        // verified by the app, but ~400 Argon2id verifications (~50-200 ms each) were most of this test's time;
        // the test is about the report's counters, not the cost of a hash
        try (RunningApp app = RunningApp.configured(dataDir, new String[]{"--demo"},
                                                    ReadYourWritesHttpTest.CheapPasswordHashing.class)) {
            RunningApp.Call cora = app.as("cora", "onco-demo-pass");
            String cid = cora.get("/api/v1/collaborations").json().at("/items/0/id").asText();
            CommandGateway commands = app.bean(CommandGateway.class);
            ElectronicSignatures signatures = app.bean(ElectronicSignatures.class);
            Random random = new Random(2026_11_29L);
            List<String> issues = new ArrayList<>();
            for (int n = 1; n <= 14; n++) { // the demo's issues
                issues.add("demo-" + n);
            }
            int accepted = 0;
            for (int i = 0; i < 2000; i++) {
                String actor = pick(random, USERS);
                String issue = pick(random, issues);
                String password = "onco-demo-pass";
                int step = i;
                Supplier<Object> command = switch (issues.size() < 50 && random.nextInt(4) == 0 ? -1
                        : random.nextInt(12)) {
                    case -1 -> () -> {
                        String id = "r-" + step;
                        Set<String> parties = new TreeSet<>(List.of(pick(random, PARTIES), pick(random, PARTIES)));
                        return new RaiseIssue(cid, id, random.nextBoolean() ? IssueType.ISSUE : IssueType.CONFLICT,
                                "Random issue " + id, "Raised by the random walk.", pick(random,
                                List.of(IssueCategory.values())), pick(random, List.of(Severity.values())), parties,
                                actor);
                    };
                    case 0 -> () -> new AcknowledgeIssue(issue, actor);
                    case 1 -> () -> new AssignIssue(issue, pick(random, USERS), "workload", actor);
                    case 2 -> () -> new CommentOnIssue(issue, "c-" + step, "Comment " + step, actor);
                    case 3 -> () -> new ChangeSeverity(issue, pick(random, List.of(Severity.values())), "re-rated",
                            actor);
                    case 4 -> () -> new EscalateIssue(issue, "escalated by the random walk", actor);
                    case 5 -> () -> new ProposeResolution(issue, "p-" + issue, "Proposal", "Do it.", actor);
                    case 6, 7 -> () -> {
                        VoteChoice vote = pick(random, List.of(VoteChoice.values()));
                        return new CastVote(issue, "p-" + issue, vote, null, actor,
                                signatures.signWithPassword(actor, password, CastVote.meaningOf(vote)));
                    };
                    case 8 -> () -> new AddCorrectiveAction(issue, "a-" + issue + "-" + random.nextInt(2),
                            ActionKind.CORRECTIVE, "Fix it", pick(random, USERS), LocalDate.now().plusDays(10), actor);
                    case 9 -> () -> new CompleteAction(issue, "a-" + issue + "-" + random.nextInt(2), "done", actor);
                    case 10 -> random.nextBoolean()
                            ? () -> new CloseIssue(issue, "closed", actor,
                                    signatures.signWithPassword(actor, password, SignatureMeaning.CLOSED_AS_EFFECTIVE))
                            : () -> new ReopenIssue(issue, "not effective after all", actor);
                    default -> () -> new WithdrawIssue(issue, "no longer relevant", actor);
                };
                try {
                    Object sent = command.get();
                    commands.sendAndWait(sent);
                    accepted++;
                    if (sent instanceof RaiseIssue raised) {
                        issues.add(raised.issueId());
                    }
                } catch (RuntimeException refused) {
                    // a rule of the aggregate said no: nothing was written
                }
            }
            assertThat(issues).hasSize(50);
            assertThat(accepted).as("commands the aggregates accepted").isBetween(300, 1900);

            await().atMost(60, TimeUnit.SECONDS).until(() -> caughtUp(app, "issue-views")
                    && caughtUp(app, "issue-reports"));
            // the auditor sees every issue, the restricted DMC issue of the demo too
            RunningApp.Call audrey = app.as("audrey", "onco-demo-pass");
            List<JsonNode> open = new ArrayList<>();
            for (String issue : issues) {
                JsonNode view = audrey.get("/api/v1/collaborations/" + cid + "/issues/" + issue).json();
                assertThat(view.path("id").asText()).isEqualTo(issue);
                if (!Set.of("RESOLVED", "CLOSED", "WITHDRAWN").contains(view.get("status").asText())) {
                    open.add(view);
                }
            }
            assertThat(open).as("the walk closed or withdrew some issues and left others open").hasSizeBetween(1, 49);
            JsonNode report = audrey.get("/api/v1/collaborations/" + cid + "/reports/open-conflicts").json();
            assertThat(report.get("totalOpen").asInt()).isEqualTo(open.size());
            assertThat(counts(report.get("byTier"))).isEqualTo(recount(open, v -> List.of(v.get("tier").asText())))
                    .as("issues were escalated").hasSizeGreaterThan(1);
            assertThat(counts(report.get("bySeverity")))
                    .isEqualTo(recount(open, v -> List.of(v.get("severity").asText())));
            assertThat(counts(report.get("byCategory")))
                    .isEqualTo(recount(open, v -> List.of(v.get("category").asText())));
            assertThat(counts(report.get("byParty"))).isEqualTo(recount(open, v -> {
                List<String> parties = new ArrayList<>();
                v.get("involvedParties").forEach(p -> parties.add(p.asText()));
                return parties;
            }));
            // everything was raised minutes ago and no SLA deadline has passed
            assertThat(counts(report.get("ageBuckets")).getOrDefault("LT_7D", 0L)).isEqualTo(open.size());
            assertThat(report.get("slaBreached")).isEmpty();
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static boolean caughtUp(RunningApp app, String projection) {
        JsonNode status = app.asAdmin().get("/api/v1/admin/projections/" + projection).json();
        return status.at("/segments/0/caughtUp").asBoolean() && status.at("/segments/0/lag").asLong() == 0;
    }

    private static Map<String, Long> counts(JsonNode byValue) {
        Map<String, Long> counts = new TreeMap<>();
        byValue.fields().forEachRemaining(e -> {
            if (e.getValue().asLong() != 0) {
                counts.put(e.getKey(), e.getValue().asLong());
            }
        });
        return counts;
    }

    private static Map<String, Long> recount(List<JsonNode> open,
                                             java.util.function.Function<JsonNode, List<String>> values) {
        Map<String, Long> counts = new TreeMap<>();
        open.forEach(v -> values.apply(v).forEach(value -> counts.merge(value, 1L, Long::sum)));
        return counts;
    }
}
