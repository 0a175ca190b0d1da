package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durations and instants a client sends are bounded where they are accepted: an SLA of a hundred trillion days, a
 * CAPA due in the year 999,999,999 or an {@code asOf} at the end of time is a 400 naming the field (or, for a read,
 * an answer), never a 500 and never something stored that breaks what comes after it.
 */
class TimeBoundsHttpTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static RunningApp.Call cora;
    static RunningApp.Call sam;
    static String cid;
    static String iid;

    @BeforeAll
    static void consortium() {
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        sam = app.user("sam");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "TIME", "name", "Time", "kind", "OTHER"))
                  .json().get("id").asText();
        cora.post(c("/parties"), Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"));
        cora.post(c("/members"), Map.of("username", "sam", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")));
        assertThat(cora.put(c("/governance"), ladder("P2D", "P14D")).status()).isEqualTo(200);
        iid = sam.post(c("/issues"), issue()).json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static Map<String, Object> ladder(Object acknowledgeWithin, Object resolveWithin) {
        Map<String, Object> tier = new HashMap<>(Map.of("name", "WG", "members", List.of("sam"), "quorum", 1));
        tier.put("acknowledgeWithin", acknowledgeWithin);
        tier.put("resolveWithin", resolveWithin);
        return Map.of("tiers", List.of(tier));
    }

    static Map<String, Object> issue() {
        return Map.of("type", "ISSUE", "title", "t", "description", "d", "category", "OTHER", "severity", "LOW",
                      "involvedParties", Set.of("sponsor"));
    }

    static long version() {
        return cora.get(c("")).json().get("version").asLong();
    }

    @Test
    void governanceDurationsOutsideAMinuteToTenYearsAreRefusedNamingTheFieldAndNothingIsRecorded() {
        List<Object> outOfBounds = List.of("P106751991167300D", "P3651D", "PT59S", "PT0S", "-PT1M", "PT-5M",
                                           1e300, 9_223_372_036_854_775_807L, -1, "PT2562047788015216H");
        for (String field : List.of("acknowledgeWithin", "resolveWithin")) {
            for (Object value : outOfBounds) {
                long before = version();
                RunningApp.Response refused = cora.put(c("/governance"), field.equals("acknowledgeWithin")
                        ? ladder(value, "P14D") : ladder("P2D", value));
                assertThat(refused.status()).as(field + " = " + value + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.json().get("errors").findValuesAsText("field"))
                        .as(field + " = " + value).containsExactly("tiers[0]." + field);
                assertThat(version()).as("nothing recorded for " + field + " = " + value).isEqualTo(before);
            }
        }
        // the bounds themselves are fine, and an issue raised under them gets its SLA timers
        assertThat(cora.put(c("/governance"), ladder("PT1M", "P3650D")).status()).isEqualTo(200);
        RunningApp.Response raised = sam.post(c("/issues"), issue());
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        String id = raised.json().get("id").asText();
        JsonNode view = sam.get(c("/issues/" + id + "?minVersion=" + raised.json().get("version").asLong())).json();
        assertThat(view.get("slaDueAt").asText()).isNotBlank();
        assertThat(cora.put(c("/governance"), ladder("P2D", "P14D")).status()).isEqualTo(200);
    }

    @Test
    void capaDueDatesAreCalendarDatesWithFourDigitYears() {
        for (String dueOn : List.of("+999999999-12-31", "-999999999-01-01", "+10000-01-01", "-0001-12-31")) {
            RunningApp.Response refused = sam.post(c("/issues/" + iid + "/actions"), Map.of(
                    "kind", "CORRECTIVE", "description", "Retrain", "owner", "sam", "dueOn", dueOn));
            assertThat(refused.status()).as(dueOn + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsText("field")).as(dueOn).containsExactly("dueOn");
        }
        assertThat(sam.post(c("/issues/" + iid + "/actions"), Map.of("kind", "CORRECTIVE", "description", "Retrain",
                                                                     "owner", "sam", "dueOn", "9999-12-31")).status())
                .isEqualTo(201);
    }

    static final List<String> READS_AT_AN_INSTANT = List.of(
            "?asOf=", "/issues?asOf=", "/issues/{iid}?asOf=", "/reports/open-conflicts?asOf=", "/decisions?asOf=",
            "/audit-trail?from=", "/audit-trail?to=", "/audit-trail?limit=10&from=", "/issues/{iid}?minVersion=0&asOf=",
            "/api/v1/me/inbox?asOf=");

    static String read(String template, String instant) {
        String path = template.replace("{iid}", iid) + URLEncoder.encode(instant, StandardCharsets.UTF_8);
        return path.startsWith("/api/") ? path : c(path);
    }

    @Test
    void instantsOutsideTheYears0000To9999AreRefusedNamingTheParameter() {
        for (String template : READS_AT_AN_INSTANT) {
            String parameter = template.substring(template.lastIndexOf(template.contains("&") ? '&' : '?') + 1,
                                                  template.length() - 1);
            for (String instant : List.of("+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z",
                                          "9223372036854775807", "-9223372036854775808", "+10000-01-01T00:00:00Z",
                                          "-0001-12-31T23:59:59Z", "yesterday")) {
                RunningApp.Response refused = cora.get(read(template, instant));
                assertThat(refused.status()).as(read(template, instant) + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.json().get("errors").findValuesAsText("field")).containsExactly(parameter);
            }
        }
    }

    @Test
    void instantsAtTheEndsOfTheRangeAndLargeNumbersAreAnsweredOrRefusedNeverAServerError() {
        List<String> failures = new ArrayList<>();
        for (String template : READS_AT_AN_INSTANT) {
            for (String instant : List.of("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                                          "1970-01-01T00:00:00Z", "2026-03-01T09:30:00+02:00")) {
                RunningApp.Response response = cora.get(read(template, instant));
                if (response.status() >= 500) {
                    failures.add(read(template, instant) + " → " + response.status());
                }
            }
        }
        for (String query : List.of("/api/v1/audit/proofs/consistency?from=0&to=9223372036854775807",
                                    "/api/v1/audit/proofs/consistency?from=-9223372036854775808&to=-1",
                                    "/api/v1/admin/audit/proofs/inclusion?position=9223372036854775807",
                                    "/api/v1/admin/audit/proofs/inclusion?position=-1&checkpoint=-9223372036854775808",
                                    "/api/v1/audit/checkpoints/9223372036854775807",
                                    "/api/v1/audit/checkpoints/-9223372036854775808")) {
            RunningApp.Response response = app.asAdmin().get(query);
            if (response.status() >= 500) {
                failures.add(query + " → " + response.status());
            }
        }
        assertThat(failures).isEmpty();
    }
}
