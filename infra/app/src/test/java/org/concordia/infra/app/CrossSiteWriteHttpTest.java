package org.concordia.infra.app;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page on another site cannot make a browser that holds this server's credentials write to the API: a form
 * content type is refused with 415 and a foreign {@code Origin} with 403, before anything runs. Same-origin pages,
 * listed origins and clients that send no {@code Origin} (scripts, integrations) keep working.
 */
class CrossSiteWriteHttpTest {

    static final String LISTED = "https://console.example.org";
    static final String FOREIGN = "https://evil.example";

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static String own;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir, "--concordia.http.allowed-origins=" + LISTED);
        own = "http://127.0.0.1:" + ((WebServerApplicationContext) app.context()).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** status and body of a request as the administrator, with exactly these headers. */
    static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(own + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("admin:" + RunningApp.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                             : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int checkpoints() {
        return app.asAdmin().get("/api/v1/audit/checkpoints").json().size();
    }

    @Test
    void aCrossSiteFormCannotSealACheckpointOrReplayAProjection() throws Exception {
        app.asAdmin().post("/api/v1/collaborations", Map.of("key", "XSITE", "name", "X", "kind", "OTHER"));
        int before = checkpoints();
        String seal = "/api/v1/admin/audit/checkpoints";
        String replay = "/api/v1/admin/projections/decisions/replay";
        for (String path : List.of(seal, replay)) {
            for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                       "text/plain", "Text/Plain; charset=UTF-8")) {
                HttpResponse<String> form = send("POST", path, "a=b", "Content-Type", type);
                assertThat(form.statusCode()).as(path + " as " + type).isEqualTo(415);
                assertThat(form.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
            }
            for (String origin : List.of(FOREIGN, "null", "http://127.0.0.1", own.replace("http:", "https:"),
                                         own + ".evil.example")) {
                HttpResponse<String> foreign = send("POST", path, null, "Origin", origin);
                assertThat(foreign.statusCode()).as(path + " from " + origin).isEqualTo(403);
                assertThat(foreign.body()).contains("Cross-site request refused");
            }
        }
        assertThat(checkpoints()).as("nothing sealed by a refused request").isEqualTo(before);

        // the same writes from this server's own pages, a listed origin, or a client without Origin go through
        assertThat(send("POST", replay, null, "Origin", own).statusCode()).isEqualTo(202);
        String unknown = "/api/v1/admin/projections/no-such-projection/replay"; // 404: the controller was reached
        assertThat(send("POST", unknown, null, "Origin", LISTED).statusCode()).isEqualTo(404);
        assertThat(send("POST", unknown, "{}", "Content-Type", "application/json").statusCode()).isEqualTo(404);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> send("POST", seal, null).statusCode() == 200);
        assertThat(checkpoints()).isEqualTo(before + 1);
    }

    @Test
    void everyKindOfWriteIsRefusedFromAForeignOriginAndReadsAreNot() throws Exception {
        String cid = app.asAdmin().post("/api/v1/collaborations", Map.of("key", "XWRITE", "name", "X",
                                                                         "kind", "OTHER")).json().get("id").asText();
        String c = "/api/v1/collaborations/" + cid;
        app.asAdmin().get(c + "?minVersion=1");
        String party = "{\"partyId\":\"site\",\"name\":\"Site\",\"role\":\"SITE\"}";
        assertThat(send("POST", c + "/parties", party, "Content-Type", "application/json", "Origin", FOREIGN)
                .statusCode()).isEqualTo(403);
        // the classic trick: JSON sent as text/plain so that no preflight is needed
        assertThat(send("POST", c + "/parties", party, "Content-Type", "text/plain").statusCode()).isEqualTo(415);
        assertThat(send("PUT", c + "/governance", "{\"tiers\":[]}", "Content-Type", "application/json",
                        "Origin", FOREIGN).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", c + "/members/admin", null, "Origin", FOREIGN).statusCode()).isEqualTo(403);
        assertThat(send("PATCH", c, "{}", "Content-Type", "application/json", "Origin", FOREIGN).statusCode())
                .isEqualTo(403);
        assertThat(app.asAdmin().get(c + "?minVersion=1").json().get("parties")).isEmpty();
        assertThat(send("GET", c, null, "Origin", FOREIGN).statusCode()).isEqualTo(200);

        assertThat(send("POST", c + "/parties", party, "Content-Type", "application/json", "Origin", own)
                .statusCode()).isEqualTo(200);
    }
}
