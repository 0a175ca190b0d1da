package org.concordia.infra.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authorization does not depend on how a path is spelled. Every route of the API, taken from the running app's
 * request mappings (not from a list that could forget one), is called with real ids, canonically and in every
 * spelling of {@link PathSpellings}, by a member of the collaboration and by a user who is not one. Each spelling
 * must answer what the canonical path answers, or 400/404; nothing a non-member may not see answers 2xx.
 */
class PathSpellingHttpTest {

    static final String SECRET = "Spelling-sensitive dispute";

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static RawHttp raw;
    static final Map<String, String> ids = new java.util.HashMap<>();

    @BeforeAll
    static void collaboration() {
        // a short feed-stream heartbeat: the spellings of GET /api/v1/events/stream open SSE streams that the raw
        // client leaves after the status line; the server drops them at its next heartbeat write, which with the
        // default 15 s held the app's graceful shutdown at the end for ~12 s
        app = new RunningApp(dataDir, "--concordia.rate-limit.requests-per-minute=100000",
                             "--concordia.feed.stream.heartbeat=300ms");
        raw = new RawHttp(((WebServerApplicationContext) app.context()).getWebServer().getPort());
        RunningApp.Call cora = app.user("cora");
        RunningApp.Call wendy = app.user("wendy");
        app.user("dora");
        app.user("mallory");
        String cid = cora.post("/api/v1/collaborations", Map.of("key", "SPELL", "name", SECRET,
                                                                 "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        String c = "/api/v1/collaborations/" + cid;
        cora.get(c + "?minVersion=1");
        ok(cora.post(c + "/parties", Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR")));
        ok(cora.post(c + "/parties", Map.of("partyId", "site", "name", "Site", "role", "SITE")));
        ok(cora.post(c + "/members", Map.of("username", "wendy", "partyId", "site", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c + "/members", Map.of("username", "dora", "partyId", "site", "roles", List.of("CONTRIBUTOR"))));
        long version = ok(cora.put(c + "/governance", Map.of("tiers", List.of(Map.of("name", "WG",
                "members", List.of("wendy"), "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1)))))
                .json().get("version").asLong();
        cora.get(c + "?minVersion=" + version);
        String iid = ok(wendy.post(c + "/issues", Map.of("type", "ISSUE", "title", SECRET, "description", SECRET,
                "category", "BUDGET", "severity", "LOW", "involvedParties", List.of("site")))).json().get("id").asText();
        String issue = c + "/issues/" + iid;
        ok(wendy.post(issue + "/acknowledge", Map.of()));
        String pid = ok(wendy.post(issue + "/proposals", Map.of("summary", "s", "text", "t"))).json().get("id").asText();
        ok(wendy.post(issue + "/root-cause", Map.of("method", "FIVE_WHYS", "statement", "s"))); // before actions
        ok(wendy.post(issue + "/impact", Map.of("impact", "i", "risk", "LOW")));
        String aid = ok(wendy.post(issue + "/actions", Map.of("kind", "PREVENTIVE", "description", "d",
                "owner", "wendy", "dueOn", "2030-01-31"))).json().get("id").asText();
        ok(cora.get(issue + "?minVersion=5")); // the issue's view has caught up with its proposal and action
        // a public IP literal: no DNS needed, nothing is delivered in the test's few seconds (and never to us)
        String webhook = ok(cora.post("/api/v1/webhooks", Map.of("url", "https://93.184.215.14/hook",
                "eventTypes", List.of(), "collaborationId", cid))).json().get("id").asText();
        ids.putAll(Map.of("cid", cid, "collaborationId", cid, "iid", iid, "pid", pid, "aid", aid,
                          "username", "dora", "id", webhook, "name", "decisions", "number", "1",
                          "type", "IssueRaised"));
        ids.put("tier", "1"); // the ladder's first rung, for the meeting pack
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    record Route(String method, String pattern) {
        boolean write() {
            return !method.equals("GET");
        }

        /** Inside one collaboration, beyond the collaboration resource itself: members only. */
        boolean insideCollaboration() {
            return pattern.matches("/api/v1/collaborations/\\{[^}]+}/.+");
        }
    }

    /** Every route of the API, from the request mappings of the running application. */
    static List<Route> routes() {
        RequestMappingHandlerMapping mapping = app.context().getBean("requestMappingHandlerMapping",
                                                                      RequestMappingHandlerMapping.class);
        Set<Route> routes = new TreeSet<>(java.util.Comparator.comparing(Route::pattern).thenComparing(Route::method));
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
            for (String pattern : entry.getKey().getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    if (methods.isEmpty()) {
                        routes.add(new Route("GET", pattern));
                    }
                    methods.forEach(m -> routes.add(new Route(m.name(), pattern)));
                }
            }
        }
        return List.copyOf(routes);
    }

    @Test
    void everySpellingOfEveryRouteAnswersAsTheCanonicalPathOr400Or404() {
        List<Route> routes = routes();
        System.out.println("Routes enumerated (" + routes.size() + "):");
        routes.forEach(r -> System.out.println("  " + r.method() + " " + r.pattern()));
        assertThat(routes).as("the request mappings were read").hasSizeGreaterThan(40)
                          .contains(new Route("GET", "/api/v1/collaborations/{cid}/audit-trail"));

        List<String> mismatches = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            List<String> segments = new ArrayList<>();
            List<Boolean> literal = new ArrayList<>();
            for (String segment : route.pattern().substring(1).split("/")) {
                boolean variable = segment.contains("{");
                literal.add(!variable);
                segments.add(variable ? substitute(segment) : segment);
            }
            String canonical = PathSpellings.join(segments, -1, null);
            for (String user : List.of("mallory", "cora")) {
                boolean member = user.equals("cora");
                List<PathSpellings.Spelling> spellings = PathSpellings.of(segments, literal);
                int[] answers = new int[spellings.size()];
                // a write through another spelling must not run before the canonical one is asked: ask it last
                Integer expected = route.write() ? null : send(route, canonical, user);
                for (int i = 0; i < spellings.size(); i++) {
                    answers[i] = send(route, spellings.get(i).target(), user);
                }
                if (expected == null) {
                    expected = send(route, canonical, user);
                }
                requests += spellings.size() + 1;
                if (route.insideCollaboration() && !member && expected != 404) {
                    mismatches.add(route + " canonical as non-member: expected 404, got " + expected);
                }
                if (route.insideCollaboration() && member && !route.write() && expected == 404) {
                    mismatches.add(route + " canonical as member: 404, so the ids in the test are wrong");
                }
                for (int i = 0; i < spellings.size(); i++) {
                    int answer = answers[i];
                    if (answer != expected && answer != 400 && answer != 404) {
                        mismatches.add(route.method() + " " + spellings.get(i).target() + " ("
                                       + spellings.get(i).how() + ") as " + user + ": " + answer
                                       + ", canonical answers " + expected);
                    }
                }
            }
        }
        System.out.println(requests + " requests sent");
        assertThat(mismatches).isEmpty();
    }

    /**
     * The membership check alone, without the filter that refuses non-canonical paths (MockMvc runs the app's
     * dispatcher without its servlet filters): it is decided on the resolved route's decoded variables, so an
     * encoded spelling reaches the audit trail's handler and is still refused.
     */
    @Test
    void membershipIsDecidedOnTheResolvedRouteWithoutRelyingOnTheCanonicalPathFilter() throws Exception {
        MockMvc dispatcherOnly = MockMvcBuilders.webAppContextSetup((WebApplicationContext) app.context()).build();
        Authentication mallory = UsernamePasswordAuthenticationToken.authenticated("mallory", null,
                List.of(new SimpleGrantedAuthority("ROLE_USER")));
        Authentication cora = UsernamePasswordAuthenticationToken.authenticated("cora", null,
                List.of(new SimpleGrantedAuthority("ROLE_USER")));
        String cid = ids.get("cid");
        List<String> spellings = List.of("/api/v1/collaborations/" + cid + "/audit-trail?limit=5",
                                         "/api/v1/c%6Fllaborations/" + cid + "/audit-trail?limit=5",
                                         "/%61pi/v1/collaboration%73/" + cid + "/audit-trail?limit=5",
                                         "/api/v1/collaborations/" + cid + ";x=y/issues/" + ids.get("iid"),
                                         "/api/v1/collaborations/" + encodeFirst(cid) + "/decisions");
        try {
            for (String spelling : spellings) {
                SecurityContextHolder.getContext().setAuthentication(mallory);
                MvcResult outsider = dispatcherOnly.perform(MockMvcRequestBuilders.get(URI.create(spelling))
                        .principal(mallory)).andReturn();
                assertThat(outsider.getResponse().getStatus()).as(spelling + " as a non-member").isEqualTo(404);
                assertThat(outsider.getResponse().getContentAsString()).doesNotContain(SECRET);
                SecurityContextHolder.getContext().setAuthentication(cora);
                MvcResult member = dispatcherOnly.perform(MockMvcRequestBuilders.get(URI.create(spelling))
                        .principal(cora)).andReturn();
                assertThat(member.getResponse().getStatus()).as(spelling + " as a member").isEqualTo(200);
            }
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static String encodeFirst(String id) {
        return String.format("%%%02X", (int) id.charAt(0)) + id.substring(1);
    }

    private static int send(Route route, String target, String user) {
        String body = route.method().equals("GET") || route.method().equals("DELETE") ? null : "{}";
        return raw.status(route.method(), target, user, RunningApp.passwordOf(user), body);
    }

    /** A segment with path variables, with the real id each stands for (an unknown name gets an unknown id). */
    private static String substitute(String segment) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < segment.length()) {
            int open = segment.indexOf('{', at);
            if (open < 0) {
                out.append(segment, at, segment.length());
                break;
            }
            int close = segment.indexOf('}', open);
            out.append(segment, at, open);
            String name = segment.substring(open + 1, close).split(":")[0].replace("*", "");
            out.append(ids.getOrDefault(name, "no-such-" + name));
            at = close + 1;
        }
        return out.toString();
    }
}
