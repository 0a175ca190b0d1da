package org.concordia.infra.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.concordia.kernel.shared.DomainRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 over real HTTP: decision rules, ballots closed by all votes or by the signed chair, conflicts of interest,
 * corrections with reasons, closing without a vote, a removed action owner's open items reassigned, restricted issues
 * and the serious-breach clock. Refusals are 403 (who may act) or 409 (state) problems naming the rule; malformed
 * requests 400.
 */
class GovernanceHttpTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static String cid;
    static RunningApp.Call cora, sam, sita, carl, tess, vera, dana, audrey;

    @BeforeAll
    static void consortium() {
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        sam = app.user("sam");
        sita = app.user("sita");
        carl = app.user("carl");
        tess = app.user("tess");
        vera = app.user("vera");
        dana = app.user("dana");
        audrey = app.user("audrey");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "GOVERN", "name", "Governance trial",
                                                          "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        for (String[] party : new String[][] {{"sponsor", "SPONSOR"}, {"site", "SITE"}, {"cro", "CRO"},
                {"dmc", "DATA_MONITORING_COMMITTEE"}}) {
            ok(cora.post(c("/parties"), Map.of("partyId", party[0], "name", party[0], "role", party[1])));
        }
        for (String[] member : new String[][] {{"sam", "sponsor", "CONTRIBUTOR"}, {"sita", "site", "CONTRIBUTOR"},
                {"carl", "cro", "CONTRIBUTOR"}, {"tess", "cro", "CONTRIBUTOR"}, {"vera", "sponsor", "CONTRIBUTOR"},
                {"dana", "dmc", "CONTRIBUTOR"}, {"audrey", "site", "AUDITOR"}}) {
            ok(cora.post(c("/members"), Map.of("username", member[0], "partyId", member[1],
                                               "roles", List.of(member[2]))));
        }
        Map<String, Object> ladder = new LinkedHashMap<>();
        ladder.put("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("carl", "tess", "vera"), "chair", "carl",
                       "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "decisionRule",
                       Map.of("participationQuorum", 2, "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", true,
                              "votingPeriod", "P7D")),
                Map.of("name", "DMC", "members", List.of("dana"), "chair", "dana", "acknowledgeWithin", "P1D",
                       "resolveWithin", "P7D", "decisionRule", Map.of("participationQuorum", 1,
                               "threshold", "SIMPLE_MAJORITY", "chairHasCastingVote", false))));
        ladder.put("entryRoutes", List.of(Map.of("category", "SAFETY", "minimumSeverity", "CRITICAL", "level", 2)));
        long version = ok(cora.put(c("/governance"), ladder)).json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    static void refused(RunningApp.Response response, String rule) {
        // 403 for a rule about who may act (not the chair, recused, restricted...), 409 for the current state
        assertThat(response.status()).as(response.body())
                                     .isEqualTo(DomainRule.valueOf(rule).decidesWhoMayAct() ? 403 : 409);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("rule").asText()).isEqualTo(rule);
    }

    static void invalid(RunningApp.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).contains(field);
    }

    /** A plain issue raised by sam and acknowledged by carl: its path. */
    static String acknowledged(String title) {
        String iid = ok(sam.post(c("/issues"), Map.of("type", "ISSUE", "title", title, "description", "d",
                "category", "RESOURCING", "severity", "MEDIUM", "involvedParties", List.of("site"))))
                .json().get("id").asText();
        ok(carl.post(c("/issues/" + iid + "/acknowledge"), Map.of()));
        return c("/issues/" + iid);
    }

    static String propose(String issue, RunningApp.Call by) {
        return ok(by.post(issue + "/proposals", Map.of("summary", "Share a nurse", "text", "Two days a week")))
                .json().get("id").asText();
    }

    static RunningApp.Response vote(String issue, String proposal, RunningApp.Call voter, String vote,
                                    String meaning) {
        return voter.post(issue + "/proposals/" + proposal + "/votes", Map.of("vote", vote,
                "signature", voter.signature(meaning)));
    }

    static JsonNode view(String issue, RunningApp.Response after, RunningApp.Call reader) {
        return reader.get(issue + "?minVersion=" + after.json().get("version").asLong()).json();
    }

    @Test
    void theLadderStatesChairsAndDecisionRulesAndChangesOnlyWithAReason() {
        JsonNode tier = cora.get(c("")).json().at("/governance/tiers/0");
        assertThat(tier.get("chair").asText()).isEqualTo("carl");
        assertThat(tier.at("/decisionRule/threshold").asText()).isEqualTo("SIMPLE_MAJORITY");
        assertThat(tier.at("/decisionRule/votingPeriod").asText()).isEqualTo("PT168H");
        refused(cora.put(c("/governance"), Map.of("tiers", List.of(Map.of("name", "WG", "members", List.of("carl"),
                "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1)))), "REASON_REQUIRED");
        invalid(cora.put(c("/governance"), Map.of("reason", "x", "tiers", List.of(Map.of("name", "WG",
                "members", List.of("carl"), "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1,
                "decisionRule", Map.of("participationQuorum", 1, "threshold", "UNANIMITY"))))), "decisionRule");
    }

    @Test
    void aBallotIsRejectedByMajorityOnceEveryEligibleMemberVotedAndLaterDissentIsRecorded() {
        String issue = acknowledged("Second nurse");
        String proposal = propose(issue, tess);
        ok(vote(issue, proposal, carl, "APPROVE", "APPROVED"));
        RunningApp.Response second = ok(vote(issue, proposal, vera, "REJECT", "REJECTED"));
        assertThat(view(issue, second, sam).get("status").asText()).as("still open: tess has not voted")
                                                                   .isEqualTo("RESOLUTION_PROPOSED");
        RunningApp.Response last = ok(vote(issue, proposal, tess, "REJECT", "REJECTED"));
        JsonNode ballot = view(issue, last, sam).at("/proposals/0");
        assertThat(ballot.get("status").asText()).isEqualTo("REJECTED");
        assertThat(ballot.at("/tally/approvals").asInt()).isEqualTo(1);
        assertThat(ballot.at("/tally/rejections").asInt()).isEqualTo(2);
        assertThat(ballot.get("closure").asText()).isEqualTo("ALL_VOTED");
        assertThat(ballot.get("votes")).hasSize(3);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sam.get(c("/decisions")).body().contains(proposal));
        assertThat(sam.get(c("/decisions")).json().get("decisions").findValuesAsText("outcome")).contains("REJECTED");
    }

    @Test
    void theChairClosesABallotSignedAndOnlyTheChairMay() {
        String issue = acknowledged("Courier");
        String proposal = propose(issue, carl);
        ok(vote(issue, proposal, tess, "APPROVE", "APPROVED"));
        ok(vote(issue, proposal, vera, "APPROVE", "APPROVED"));
        String close = issue + "/proposals/" + proposal + "/close";
        refused(tess.post(close, Map.of("reason", "enough", "signature", tess.signature("BALLOT_CLOSED"))),
                "NOT_THE_CHAIR");
        invalid(carl.post(close, Map.of("reason", "enough", "signature", carl.signature("APPROVED"))),
                "signature.meaning");
        RunningApp.Response closed = ok(carl.post(close, Map.of("reason", "Meeting ended",
                "signature", carl.signature("BALLOT_CLOSED"))));
        JsonNode view = view(issue, closed, sam);
        assertThat(view.get("status").asText()).isEqualTo("RESOLVED");
        assertThat(view.at("/decision/closure").asText()).isEqualTo("CLOSED_BY_CHAIR");
        assertThat(view.at("/decision/closingSignature/username").asText()).isEqualTo("carl");
        assertThat(view.at("/decision/closingSignature/meaning").asText()).isEqualTo("BALLOT_CLOSED");
    }

    @Test
    void aMemberWhoDeclaresAConflictOfInterestCannotVote() {
        String issue = acknowledged("Vendor choice");
        invalid(vera.post(issue + "/conflicts-of-interest", Map.of("reason", " ")), "reason");
        ok(vera.post(issue + "/conflicts-of-interest", Map.of("reason", "My brother runs the vendor")));
        refused(vera.post(issue + "/conflicts-of-interest", Map.of("reason", "again")), "CONFLICT_ALREADY_DECLARED");
        String proposal = propose(issue, carl);
        refused(vote(issue, proposal, vera, "APPROVE", "APPROVED"), "VOTER_RECUSED");
        await().atMost(10, TimeUnit.SECONDS).until(() -> sam.get(issue).json().path("proposals").size() == 1);
        JsonNode recusal = sam.get(issue).json().at("/proposals/0/recusals/0");
        assertThat(recusal.get("username").asText()).isEqualTo("vera");
        assertThat(recusal.get("ground").asText()).isEqualTo("DECLARED_CONFLICT");
    }

    @Test
    void detailsAreCorrectedWithAReasonAndADuplicateIsClosedWithoutAVoteByTheChair() {
        String original = acknowledged("Kits arrive late");
        String issue = acknowledged("Kits late agian");
        invalid(sam.post(issue + "/corrections", Map.of("title", "Kits late again")), "reason");
        RunningApp.Response corrected = ok(sam.post(issue + "/corrections", Map.of("title", "Kits late again",
                "reason", "Typo in the title")));
        assertThat(view(issue, corrected, sam).get("title").asText()).isEqualTo("Kits late again");
        String originalId = original.substring(original.lastIndexOf('/') + 1);
        refused(tess.post(issue + "/dismiss", Map.of("dismissal", "DUPLICATE", "duplicateOf", originalId,
                "reason", "Same as the first", "signature", tess.signature("CLOSED_WITHOUT_VOTE"))), "NOT_THE_CHAIR");
        invalid(carl.post(issue + "/dismiss", Map.of("dismissal", "DUPLICATE", "reason", "no original",
                "signature", carl.signature("CLOSED_WITHOUT_VOTE"))), "duplicateOf");
        RunningApp.Response dismissed = ok(carl.post(issue + "/dismiss", Map.of("dismissal", "DUPLICATE",
                "duplicateOf", originalId, "reason", "Same as the first",
                "signature", carl.signature("CLOSED_WITHOUT_VOTE"))));
        JsonNode closing = view(issue, dismissed, sam).get("closing");
        assertThat(closing.get("dismissal").asText()).isEqualTo("DUPLICATE");
        assertThat(closing.get("duplicateOf").asText()).isEqualTo(originalId);
        assertThat(closing.at("/signature/meaning").asText()).isEqualTo("CLOSED_WITHOUT_VOTE");
    }

    @Test
    void reassigningAnIssuesOwnerNeedsAReasonAndTheAuditTrailShowsIt() {
        String issue = acknowledged("Courier contract renewal");
        String iid = issue.substring(issue.lastIndexOf('/') + 1);
        ok(carl.post(issue + "/assign", Map.of("owner", "tess"))); // the first assignment may omit it
        RunningApp.Response withoutReason = carl.post(issue + "/assign", Map.of("owner", "vera"));
        refused(withoutReason, "REASON_REQUIRED");
        assertThat(withoutReason.json().get("detail").asText()).contains("reason").contains("tess");
        RunningApp.Response reassigned = ok(carl.post(issue + "/assign", Map.of("owner", "vera",
                "reason", "Tess is on leave until June")));
        assertThat(view(issue, reassigned, sam).get("owner").asText()).isEqualTo("vera");
        await().atMost(10, TimeUnit.SECONDS).until(() -> audrey.get(c("/audit-trail?issue=" + iid)).json()
                .findValuesAsText("reason").contains("Tess is on leave until June"));
    }

    @Test
    void aRemovedActionOwnersOpenItemsAreListedAndReassignedSoTheIssueCanClose() {
        String issue = acknowledged("Scheduler training");
        String proposal = propose(issue, carl);
        ok(vote(issue, proposal, carl, "APPROVE", "APPROVED"));
        ok(vote(issue, proposal, tess, "APPROVE", "APPROVED"));
        ok(vote(issue, proposal, vera, "ABSTAIN", "ABSTAINED"));
        ok(carl.post(issue + "/root-cause", Map.of("method", "FISHBONE", "statement", "No training plan")));
        ok(carl.post(issue + "/impact", Map.of("impact", "Late visits", "risk", "LOW")));
        String action = ok(carl.post(issue + "/actions", Map.of("kind", "CORRECTIVE", "description", "Train",
                "owner", "sita", "dueOn", "2027-01-31"))).json().get("id").asText();

        invalid(cora.delete(c("/members/sita")), "reason");
        ok(cora.delete(c("/members/sita?reason=Left%20the%20site")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> cora.get(c("/members/sita/open-items")).body()
                                                             .contains(action));
        // no longer a member: the collaboration is hidden from her (404), and nobody else may complete her action
        assertThat(sita.post(issue + "/actions/" + action + "/complete", Map.of("note", "done")).status())
                .isEqualTo(404);
        refused(sam.post(issue + "/actions/" + action + "/complete", Map.of("note", "done")), "NOT_THE_ACTION_OWNER");
        ok(carl.post(issue + "/actions/" + action + "/reassign", Map.of("owner", "sam", "reason", "Sita left")));
        ok(sam.post(issue + "/actions/" + action + "/complete", Map.of("note", "Training held")));
        RunningApp.Response closed = ok(carl.post(issue + "/close", Map.of("note", "Reviewed",
                "signature", carl.signature("REVIEWED"))));
        assertThat(view(issue, closed, sam).get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void aRestrictedIssueIsRoutedToItsTierAndHiddenFromOthersInViewsListsAndReports() {
        RunningApp.Response raised = ok(dana.post(c("/issues"), Map.of("type", "ISSUE",
                "title", "Unblinded liver signal", "description", "Arm B", "category", "SAFETY",
                "severity", "CRITICAL", "involvedParties", List.of("dmc"), "restrictedToTiers", List.of("DMC"))));
        String iid = raised.json().get("id").asText();
        await().atMost(10, TimeUnit.SECONDS).until(() -> dana.get(c("/issues/" + iid)).status() == 200);
        assertThat(dana.get(c("/issues/" + iid)).json().get("tierName").asText()).isEqualTo("DMC");
        assertThat(sam.get(c("/issues/" + iid)).status()).isEqualTo(404);
        assertThat(sam.get(c("/issues/" + iid + "/history")).status()).isEqualTo(404);
        assertThat(audrey.get(c("/issues/" + iid)).status()).isEqualTo(200);
        assertThat(sam.get(c("/issues?size=500")).body()).doesNotContain(iid);
        assertThat(dana.get(c("/issues?size=500")).body()).contains(iid);
        await().atMost(10, TimeUnit.SECONDS).until(() -> dana.get(c("/reports/open-conflicts")).json()
                .path("bySeverity").path("CRITICAL").asInt() == 1);
        assertThat(sam.get(c("/reports/open-conflicts")).json().path("bySeverity").has("CRITICAL")).isFalse();
        // a write answers as the read does: not found, nothing written (the domain would refuse it: RESTRICTED_ISSUE)
        long before = dana.get(c("/issues/" + iid)).json().get("version").asLong();
        assertThat(sam.post(c("/issues/" + iid + "/comments"), Map.of("text", "?")).status()).isEqualTo(404);
        assertThat(sam.post(c("/issues/" + iid + "/acknowledge"), Map.of()).status()).isEqualTo(404);
        assertThat(dana.get(c("/issues/" + iid)).json().get("version").asLong()).isEqualTo(before);
    }

    @Test
    void aSeriousBreachShowsItsSevenDayClockInTheReport() {
        String issue = acknowledged("Expired IMP dosed");
        String iid = issue.substring(issue.lastIndexOf('/') + 1);
        refused(carl.post(issue + "/serious-breach/notification", Map.of("reference", "CTIS-1")),
                "SERIOUS_BREACH_NOT_FLAGGED");
        refused(sam.post(issue + "/serious-breach", Map.of("reason", "x")), "NOT_A_TIER_MEMBER_OR_COORDINATOR");
        ok(carl.post(issue + "/serious-breach", Map.of("reason", "Affects participant safety")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> sam.get(c("/reports/open-conflicts")).body().contains(iid));
        JsonNode breach = sam.get(c("/reports/open-conflicts")).json().get("seriousBreaches").findParents("issueId")
                             .stream().filter(b -> b.get("issueId").asText().equals(iid)).findFirst().orElseThrow();
        assertThat(java.time.Duration.between(java.time.Instant.parse(breach.get("flaggedAt").asText()),
                java.time.Instant.parse(breach.get("notifyBy").asText()))).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(breach.get("overdue").asBoolean()).isFalse();
        ok(carl.post(issue + "/serious-breach/notification", Map.of("reference", "CTIS-2026-0042")));
    }

    @Test
    void aBallotIsSettledAsSoonAsAMemberChangeLeavesNobodyEligibleStillToVote() {
        String iid = ok(sam.post(c("/issues"), Map.of("type", "CONFLICT", "title", "DMC charter wording",
                "description", "d", "category", "OTHER", "severity", "LOW",
                "involvedParties", List.of("dmc", "site"))))
                .json().get("id").asText();
        String issue = c("/issues/" + iid);
        ok(carl.post(issue + "/acknowledge", Map.of()));
        String proposal = propose(issue, carl);
        ok(vote(issue, proposal, carl, "APPROVE", "APPROVED"));
        RunningApp.Response second = ok(vote(issue, proposal, tess, "APPROVE", "APPROVED"));
        assertThat(view(issue, second, sam).get("status").asText()).as("vera still to vote")
                                                                  .isEqualTo("RESOLUTION_PROPOSED");
        // the ballots reviewed are those waiting for the member's vote, as their inbox lists them
        await().atMost(10, TimeUnit.SECONDS).until(() -> vera.get("/api/v1/me/inbox").body().contains(proposal));
        try {
            // vera joins the DMC, a party to the conflict: recused, nobody eligible is left to vote
            ok(cora.put(c("/members/vera"), Map.of("partyId", "dmc", "roles", List.of("CONTRIBUTOR"),
                    "reason", "Seconded to the DMC")));
            await().atMost(15, TimeUnit.SECONDS).until(() -> sam.get(issue).json().get("status").asText()
                                                                .equals("RESOLVED"));
            JsonNode adopted = sam.get(issue).json().get("decision");
            assertThat(adopted.get("closure").asText()).isEqualTo("ALL_VOTED");
        } finally {
            ok(cora.put(c("/members/vera"), Map.of("partyId", "sponsor", "roles", List.of("CONTRIBUTOR"),
                    "reason", "Back at the sponsor")));
        }
    }

    @Test
    void aMembersPartyAndRolesAreCorrectedWithAReason() {
        invalid(cora.put(c("/members/vera"), Map.of("partyId", "cro", "roles", List.of("CONTRIBUTOR"))), "reason");
        refused(cora.put(c("/members/vera"), Map.of("partyId", "sponsor", "roles", List.of("CONTRIBUTOR"),
                "reason", "nothing")), "MEMBER_UNCHANGED");
        refused(sam.put(c("/members/vera"), Map.of("partyId", "cro", "roles", List.of("CONTRIBUTOR"),
                "reason", "x")), "NOT_A_COORDINATOR");
    }
}
