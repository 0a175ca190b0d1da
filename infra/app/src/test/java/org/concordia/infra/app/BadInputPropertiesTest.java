package org.concordia.infra.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concordia.infra.eventstore.CommitLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed JSON, wrong types, oversize fields, unknown fields, bad enums, bad ids and bad versions thrown at every
 * command endpoint: always a 4xx problem, never a 5xx, and the event store is left exactly as it was.
 */
class BadInputPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static RunningApp app;
    static RunningApp.Call cora;
    static String cid;
    static String iid;
    static Path dataDir;

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("concordia-bad-input");
        app = new RunningApp(dataDir);
        cora = app.user("cora");
        RunningApp.Call sam = app.user("sam");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "FUZZ", "name", "Fuzz", "kind", "OTHER"))
                  .json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        cora.post(c("/parties"), Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"));
        long v = cora.post(c("/members"), Map.of("username", "sam", "partyId", "sponsor",
                                                 "roles", List.of("CONTRIBUTOR"))).json().get("version").asLong();
        v = cora.put(c("/governance"), Map.of("tiers", List.of(Map.of("name", "WG", "members", List.of("sam"),
                "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1)))).json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + v);
        iid = sam.post(c("/issues"), Map.of("type", "ISSUE", "title", "t", "description", "d", "category", "OTHER",
                "severity", "LOW", "involvedParties", List.of("sponsor"))).json().get("id").asText();
        // The caller only observes: a body that happens to be valid is still refused (403), so every try must
        // leave the store unchanged; malformed ones are refused earlier, at the edge (400).
        RunningApp.Call observer = app.user("olga");
        v = cora.post(c("/members"), Map.of("username", "olga", "partyId", "sponsor", "roles", List.of("OBSERVER")))
                .json().get("version").asLong();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + v);
        caller = observer;
    }

    static RunningApp.Call caller;

    @AfterContainer
    static void stop() {
        app.close();
    }

    static String c(String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    static final List<String> ENDPOINTS = List.of(
            "/api/v1/collaborations", "/parties", "/members", "/issues", "/issues/{iid}/acknowledge",
            "/issues/{iid}/assign", "/issues/{iid}/comments", "/issues/{iid}/evidence", "/issues/{iid}/severity",
            "/issues/{iid}/links", "/issues/{iid}/escalate", "/issues/{iid}/proposals",
            "/issues/{iid}/proposals/nope/votes", "/issues/{iid}/actions", "/issues/{iid}/actions/nope/complete",
            "/issues/{iid}/close", "/issues/{iid}/reopen", "/issues/{iid}/withdraw", "/issues/no-such-issue/comments");

    @Provide
    Arbitrary<String> endpoints() {
        return Arbitraries.of(ENDPOINTS).map(e -> e.startsWith("/api") ? e : c(e.replace("{iid}", iid)));
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<Object> anyValue = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30), Arbitraries.integers(), Arbitraries.just(null),
                Arbitraries.just(List.of(1, 2)), Arbitraries.just(Map.of("x", 1)), Arbitraries.just(true),
                Arbitraries.strings().ofLength(20_001), Arbitraries.of("SPACESHIP", "low", "CONFLICT", "P-1D", "PT0S"),
                Arbitraries.of("javascript:alert(1)", "ftp://x", "http://ok.example/doc", "zz", "2026-13-45"),
                // signature parts: right and wrong passwords, wrong meanings, missing and unknown fields
                Arbitraries.of(Map.of("meaning", "APPROVED", "password", RunningApp.passwordOf("olga")),
                               Map.of("meaning", "CLOSED_AS_EFFECTIVE", "password", RunningApp.passwordOf("olga")),
                               Map.of("meaning", "APPROVED", "password", "wrong-password"),
                               Map.of("meaning", "REVIEWED"), Map.of("password", RunningApp.passwordOf("olga")),
                               Map.of("meaning", "SIGNED", "password", "x"), Map.of("meaning", "APPROVED",
                                       "password", RunningApp.passwordOf("olga"), "username", "cora")));
        Arbitrary<String> fieldNames = Arbitraries.of("key", "name", "kind", "type", "title", "description", "category",
                "severity", "involvedParties", "text", "owner", "reason", "vote", "uri", "sha256", "relation",
                "relatedIssueId", "kind", "dueOn", "summary", "status", "version", "actor", "id", "tiers", "partyId",
                "roles", "username", "signature", "note", "comment");
        Arbitrary<String> objects = Combinators.combine(fieldNames.list().ofMaxSize(6), anyValue.list().ofSize(6))
                .as((names, values) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        body.put(names.get(i), values.get(i));
                    }
                    try {
                        return JSON.writeValueAsString(body);
                    } catch (Exception e) {
                        return "{}";
                    }
                });
        Arbitrary<String> broken = Arbitraries.of("", "{", "[]", "null", "\"string\"", "{\"title\":}", "{'a':1}",
                "{\"text\": \"unterminated}", "42");
        return Arbitraries.oneOf(objects, broken);
    }

    @Provide
    Arbitrary<String> ifMatch() {
        return Arbitraries.of("", "\"0\"", "\"999\"", "W/\"1\"", "banana", "\"-1\"", "*", "\"99999999999999999999\"");
    }

    @Property(tries = 250)
    void badInputIsAProblemAndRecordsNothing(@ForAll("endpoints") String endpoint, @ForAll("bodies") String body,
                                             @ForAll("ifMatch") String ifMatch) {
        long before = head();
        RunningApp.Response response = ifMatch.isEmpty()
                ? caller.postRaw(endpoint, body, "application/json")
                : caller.postWithHeaders(endpoint, body, Map.of("If-Match", ifMatch));
        assertThat(response.status()).as(endpoint + " " + body + " → " + response.body()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("org.concordia");
        assertThat(head()).as("nothing recorded for " + endpoint + " " + body).isEqualTo(before);
    }

    private static long head() {
        return app.bean(CommitLog.class).headPosition();
    }
}
