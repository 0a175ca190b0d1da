package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Printed records (issue 15 §6, 21 CFR 11.10(b)) over real HTTP on the {@code --demo} consortium: the PDF an issue's
 * record and a tier's meeting pack come out as, read back with PDFBox's text stripper, holds what the views hold —
 * timeline, signatures, tally, CAPA, open items, ballots, overdue actions — and a footer that ties it to the audit
 * chain; a non-member gets 404, and a restricted issue stays out of sight of those who may not see it.
 */
class PrintedRecordsHttpTest {

    static final String ONCO = "2ed79b1f-cb28-3796-9b81-60be1e9eee25";
    static final String C = "/api/v1/collaborations/" + ONCO;
    static final String PDF = "application/pdf";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
                                                                  .withZone(ZoneOffset.UTC);

    @TempDir // static: a per-class instance field would not be set yet in @BeforeAll
    static Path dataDir;
    static RunningApp app;
    static RunningApp.Call cora;
    static RunningApp.Call dana;

    @BeforeAll
    static void demo() {
        app = new RunningApp(dataDir, "--demo");
        app.user("mallory");
        cora = app.as("cora", "onco-demo-pass");
        dana = app.as("dana", "onco-demo-pass");
        // the demo is seeded at start; wait until the views show its last issues
        await().atMost(60, TimeUnit.SECONDS).until(() -> cora.get(C + "/issues/demo-14").status() == 200
                && cora.get(C + "/issues/demo-7").json().path("status").asText().equals("CLOSED")
                && cora.get(C + "/issues/demo-6").json().path("actions").size() == 1
                && dana.get(C + "/issues/demo-10").status() == 200);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void anIssuesRecordHoldsItsTimelineSignaturesTallyCapaAndEffectivenessCheck() throws IOException {
        JsonNode issue = cora.get(C + "/issues/demo-7").json();
        JsonNode history = cora.get(C + "/issues/demo-7/history").json();
        long last = history.get(history.size() - 1).get("position").asLong();
        RunningApp.Call admin = app.asAdmin();
        await().atMost(30, TimeUnit.SECONDS).until(() -> admin.get("/api/v1/admin/audit/status").json()
                .get("lastPosition").asLong() >= last);
        JsonNode chain = admin.get("/api/v1/admin/audit/status").json();

        RunningApp.Binary response = cora.getBytes(C + "/issues/demo-7/record.pdf", PDF);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith(PDF);
        assertThat(response.header("Content-Disposition")).startsWith("inline").contains(".pdf");
        PdfText.keep("demo-7-record", response.body());
        String text = PdfText.text(response.body());

        assertThat(text).contains("Record of issue " + issue.get("key").asText())
                        .contains(issue.get("title").asText());
        // the timeline: every recorded fact, with its position, UTC time, who and what
        assertThat(history.size()).isGreaterThan(10);
        String dense = PdfText.dense(text); // long tokens (instants, ids) in narrow cells wrap at hyphens
        for (JsonNode entry : history) {
            assertThat(text).contains(entry.get("position").asText() + " "
                                      + UTC.format(Instant.parse(entry.get("occurredAt").asText())) + " "
                                      + entry.get("actor").asText());
            assertThat(dense).contains(PdfText.dense(entry.get("summary").asText()));
            if (entry.hasNonNull("reason")) {
                assertThat(dense).contains(PdfText.dense(entry.get("reason").asText()));
            }
        }
        assertThat(text).contains("Site 101").contains("Contributor"); // a party and a role in the timeline

        // the decision: every vote with its signature (printed name, meaning, time), the tally
        for (JsonNode vote : issue.at("/decision/votes")) {
            JsonNode signature = vote.get("signature");
            assertThat(text).contains(signature.get("printedName").asText() + ", "
                                      + signature.get("meaning").asText() + ", "
                                      + UTC.format(Instant.parse(signature.get("signedAt").asText())));
        }
        assertThat(text).contains("Carl Meyer (CRO project manager), APPROVED");
        JsonNode tally = issue.at("/decision/tally");
        assertThat(text).contains("tally: " + tally.get("approvals").asInt() + " for, "
                                  + tally.get("rejections").asInt() + " against");
        // CAPA: root cause, every action, the failed then passed effectiveness check, signed; the closing signature
        assertThat(text).contains(PdfText.words(issue.at("/rootCause/statement").asText()));
        for (JsonNode action : issue.get("actions")) {
            assertThat(text).contains(PdfText.words(action.get("description").asText()));
        }
        assertThat(text).contains("Not effective").contains("Effective")
                        .contains(PdfText.words("One excursion went unnoticed"))
                        .contains("EFFECTIVENESS_VERIFIED").contains("EFFECTIVENESS_NOT_VERIFIED")
                        .contains("CLOSED_AS_EFFECTIVE");

        // the footer, on every page: when, by whom, page x of y, and the audit chain it reflects
        int pages = PdfText.pages(response.body());
        for (int page = 1; page <= pages; page++) {
            assertThat(text).contains("Page " + page + " of " + pages + ".");
        }
        assertThat(count(text, "by cora.")).isEqualTo(pages);
        assertThat(text).contains("this issue's last recorded event is at position " + last)
                        .contains("Audit chain sealed through position " + chain.get("lastPosition").asLong())
                        .contains(chain.get("chainHead").asText());
        PdfText.assertEveryFontIsEmbedded(response.body());
    }

    @Test
    void aBallotRejectedByMajorityIsPrintedWithItsTallyAndEachVotersComment() throws IOException {
        String text = PdfText.text(cora.getBytes(C + "/issues/demo-11/record.pdf", PDF).body());
        assertThat(text).contains("Tally: 1 for, 2 against, 0 abstaining")
                        .contains("Not feasible across cities.").contains("Needs local staff.")
                        .contains("REJECTED");
    }

    @Test
    void theMeetingPackOfATierHoldsItsOpenItemsBallotsWithVotesSoFarAndOverdueActions() throws IOException {
        RunningApp.Binary response = cora.getBytes(C + "/tiers/1/meeting-pack.pdf", PDF);
        assertThat(response.status()).isEqualTo(200);
        PdfText.keep("tier-1-meeting-pack", response.body());
        String text = PdfText.text(response.body());
        assertThat(text).contains("Meeting pack: tier 1 · Operational working group").contains("Chair carl");

        JsonNode open = cora.get(C + "/issues?tier=1&size=100").json().get("items");
        List<String> openKeys = new ArrayList<>();
        for (JsonNode summary : open) {
            String status = summary.get("status").asText();
            boolean isOpen = List.of("OPEN", "ACKNOWLEDGED", "RESOLUTION_PROPOSED").contains(status);
            if (isOpen) {
                openKeys.add(summary.get("key").asText());
                assertThat(text).as(summary.get("key").asText()).contains(summary.get("key").asText());
            }
        }
        assertThat(openKeys).hasSizeGreaterThan(3);
        assertThat(text).contains("Open items: " + openKeys.size() + ";");

        // demo-5's open ballot: sita's signed vote so far, the others yet to vote
        JsonNode ballot = cora.get(C + "/issues/demo-5").json().at("/proposals/0");
        assertThat(text).contains(ballot.get("summary").asText())
                        .contains("Agreed.")
                        .contains(ballot.at("/votes/0/signature/printedName").asText() + ", APPROVED");
        assertThat(text).contains("Yet to vote: carl, sid");
        // demo-6's action, adopted and overdue
        assertThat(text).contains("Revise leaflet with the patient panel");
        assertThat(text).contains("Page 1 of ");
        PdfText.assertEveryFontIsEmbedded(response.body());
    }

    @Test
    void aRestrictedIssueIsLeftOutOfThePackAndItsRecordIsNotFoundForThoseWhoMayNotSeeIt() throws IOException {
        String title = dana.get(C + "/issues/demo-10").json().get("title").asText();
        assertThat(PdfText.text(cora.getBytes(C + "/tiers/3/meeting-pack.pdf", PDF).body())).doesNotContain(title)
                .contains("Open items: 0;");
        assertThat(PdfText.text(dana.getBytes(C + "/tiers/3/meeting-pack.pdf", PDF).body())).contains(title);
        assertThat(cora.getBytes(C + "/issues/demo-10/record.pdf", PDF).status()).isEqualTo(404);
        assertThat(PdfText.text(dana.getBytes(C + "/issues/demo-10/record.pdf", PDF).body())).contains(title);
        assertThat(PdfText.text(app.as("audrey", "onco-demo-pass").getBytes(C + "/issues/demo-10/record.pdf", PDF).body()))
                .contains(title);
    }

    @Test
    void aNonMemberGetsNotFoundForBothAndAnUnknownIssueOrTierIsNotFound() {
        RunningApp.Call mallory = app.as("mallory", RunningApp.passwordOf("mallory"));
        for (String accept : List.of(PDF, "*/*")) {
            assertThat(mallory.getBytes(C + "/issues/demo-7/record.pdf", accept).status()).isEqualTo(404);
            assertThat(mallory.getBytes(C + "/tiers/1/meeting-pack.pdf", accept).status()).isEqualTo(404);
        }
        assertThat(app.anonymous().getBytes(C + "/issues/demo-7/record.pdf", PDF).status()).isEqualTo(401);
        assertThat(cora.getBytes(C + "/issues/no-such-issue/record.pdf", PDF).status()).isEqualTo(404);
        assertThat(cora.getBytes(C + "/tiers/9/meeting-pack.pdf", PDF).status()).isEqualTo(404);
        assertThat(cora.getBytes(C + "/tiers/0/meeting-pack.pdf", PDF).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ helpers

    private static int count(String text, String what) {
        Matcher matcher = Pattern.compile(Pattern.quote(what)).matcher(text);
        int found = 0;
        while (matcher.find()) {
            found++;
        }
        return found;
    }
}
