package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thinnest real slice through all five parts, over HTTP: POST a collaboration → command → aggregate → event →
 * tracking processor → MongoDB read model → GET.
 */
class WalkingSkeletonTest {

    @TempDir
    static Path dataDir;
    static RunningApp app;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aRegisteredCollaborationCanBeReadBackByItsCoordinator() {
        RunningApp.Call cora = app.user("cora");
        RunningApp.Response created = cora.post("/api/v1/collaborations", Map.of(
                "key", "ONCO", "name", "ONCO-3 trial", "kind", "CLINICAL_TRIAL", "description", "Phase III"));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        long version = created.json().get("version").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/v1/collaborations/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"" + version + "\"");

        RunningApp.Response read = cora.get("/api/v1/collaborations/" + id + "?minVersion=" + version);
        assertThat(read.status()).isEqualTo(200);
        JsonNode view = read.json();
        assertThat(view.get("key").asText()).isEqualTo("ONCO");
        assertThat(view.get("kind").asText()).isEqualTo("CLINICAL_TRIAL");
        assertThat(view.get("registeredBy").asText()).isEqualTo("cora");
        assertThat(view.get("members").get(0).get("roles").get(0).asText()).isEqualTo("COORDINATOR");
        assertThat(view.get("version").asLong()).isEqualTo(version);

        // the list of one's collaborations is a read model (it may lag a write; every access decision is not)
        RunningApp.Response mine = await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> cora.get("/api/v1/collaborations"), r -> r.json().get("total").asInt() > 0);
        assertThat(mine.json().get("total").asInt()).isEqualTo(1);
        assertThat(mine.json().get("items").get(0).get("key").asText()).isEqualTo("ONCO");
    }

    @Test
    void aNonMemberSeesNothingOfIt() {
        RunningApp.Call owner = app.user("olga");
        String id = owner.post("/api/v1/collaborations", Map.of("key", "HIDDEN", "name", "Hidden",
                                                                "kind", "OTHER")).json().get("id").asText();
        owner.get("/api/v1/collaborations/" + id + "?minVersion=1");

        RunningApp.Response outsider = app.user("mallory").get("/api/v1/collaborations/" + id);
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.header("Content-Type")).startsWith("application/problem+json");
        assertThat(outsider.body()).doesNotContain("Hidden");
        assertThat(app.user("mallory").get("/api/v1/collaborations").json().get("total").asInt()).isZero();
    }

    @Test
    void anAdministratorRegistersACollaborationForSomeoneElseAndOnlyAnAdministratorMay() {
        app.user("ada");
        RunningApp.Response created = app.asAdmin().post("/api/v1/collaborations", Map.of(
                "key", "FORADA", "name", "For Ada", "kind", "RESEARCH_CONSORTIUM", "coordinator", "ada"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        JsonNode view = app.as("ada", RunningApp.passwordOf("ada")).get("/api/v1/collaborations/" + id + "?minVersion=1").json();
        assertThat(view.get("members").get(0).get("username").asText()).isEqualTo("ada");

        RunningApp.Response notAdmin = app.as("ada", RunningApp.passwordOf("ada")).post("/api/v1/collaborations", Map.of(
                "key", "FORBOB", "name", "For Bob", "kind", "OTHER", "coordinator", "bob"));
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aCollaborationCanBeReadAsItStoodAtAnEarlierInstant() throws Exception {
        RunningApp.Call cora = app.user("hana");
        String id = cora.post("/api/v1/collaborations", Map.of("key", "ASOF", "name", "As of", "kind", "OTHER"))
                        .json().get("id").asText();
        cora.get("/api/v1/collaborations/" + id + "?minVersion=1");
        java.time.Instant beforeParty = java.time.Instant.now();
        Thread.sleep(20);
        long version = cora.post("/api/v1/collaborations/" + id + "/parties",
                                 Map.of("partyId", "site", "name", "Site", "role", "SITE")).json().get("version").asLong();
        assertThat(cora.get("/api/v1/collaborations/" + id + "?minVersion=" + version).json().get("parties")).hasSize(1);
        await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                cora.get("/api/v1/collaborations/" + id + "?asOf=" + java.time.Instant.now()).json().get("parties").size() == 1);
        JsonNode then = cora.get("/api/v1/collaborations/" + id + "?asOf=" + beforeParty).json();
        assertThat(then.get("parties")).isEmpty();
        assertThat(then.get("key").asText()).isEqualTo("ASOF");
    }

    @Test
    void aTakenKeyIsRefusedWithTheRuleName() {
        RunningApp.Call first = app.user("fred");
        assertThat(first.post("/api/v1/collaborations", Map.of("key", "TWICE", "name", "A", "kind", "OTHER"))
                        .status()).isEqualTo(201);
        RunningApp.Response again = app.user("gina").post("/api/v1/collaborations",
                                                          Map.of("key", "TWICE", "name", "B", "kind", "OTHER"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("rule").asText()).isEqualTo("COLLABORATION_KEY_TAKEN");
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        RunningApp.Call user = app.user("vera");
        RunningApp.Response badKey = user.post("/api/v1/collaborations",
                                               Map.of("key", "lower", "name", "X", "kind", "OTHER"));
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.header("Content-Type")).startsWith("application/problem+json");
        assertThat(badKey.json().get("errors").get(0).get("field").asText()).isEqualTo("key");

        RunningApp.Response badKind = user.post("/api/v1/collaborations",
                                                Map.of("key", "KINDS", "name", "X", "kind", "SPACESHIP"));
        assertThat(badKind.status()).isEqualTo(400);
        assertThat(badKind.json().get("errors").get(0).get("field").asText()).isEqualTo("kind");
        assertThat(badKind.json().get("errors").get(0).get("message").asText()).contains("CLINICAL_TRIAL");

        RunningApp.Response unknownField = user.post("/api/v1/collaborations",
                Map.of("key", "MASS", "name", "X", "kind", "OTHER", "version", 7));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().get("errors").get(0).get("field").asText()).isEqualTo("version");

        assertThat(user.get("/api/v1/collaborations").json().get("total").asInt()).isZero();
    }

    @Test
    void frameworkErrorsAreProblemsToo() {
        RunningApp.Call user = app.user("petra");
        RunningApp.Response wrongMethod = user.put("/api/v1/collaborations", Map.of());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Content-Type")).startsWith("application/problem+json");
        RunningApp.Response wrongType = user.postRaw("/api/v1/collaborations", "key=AB", "text/plain");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.header("Content-Type")).startsWith("application/problem+json");
        RunningApp.Response unknownPath = user.get("/api/v1/nothing-here");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.header("Content-Type")).startsWith("application/problem+json");
        RunningApp.Response notAcceptable = user.get("/api/v1/collaborations", "application/xml");
        assertThat(notAcceptable.status()).isEqualTo(406);
        String id = user.post("/api/v1/collaborations", Map.of("key", "ERRORS", "name", "E", "kind", "OTHER"))
                        .json().get("id").asText();
        user.get("/api/v1/collaborations/" + id + "?minVersion=1");
        RunningApp.Response badInstant = user.get("/api/v1/collaborations/" + id + "/issues?asOf=yesterday");
        assertThat(badInstant.status()).isEqualTo(400);
        assertThat(badInstant.header("Content-Type")).startsWith("application/problem+json");
        RunningApp.Response badEnum = user.get("/api/v1/collaborations/" + id + "/issues?status=SLEEPING");
        assertThat(badEnum.status()).isEqualTo(400);
        RunningApp.Response tooBigAPage = user.get("/api/v1/collaborations?size=501");
        assertThat(tooBigAPage.status()).isEqualTo(400);
        assertThat(tooBigAPage.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void anonymousCallsAreRefusedAsProblems() {
        RunningApp.Response anonymous = app.anonymous().get("/api/v1/collaborations");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void healthReportsMongoAndEventProcessorsAndMetricsIncludeAxon() {
        JsonNode health = app.anonymous().get("/actuator/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/mongo/details/mode").asText()).isEqualTo("embedded");
        assertThat(health.at("/components/eventProcessors/details/processors").has("collaborations")).isTrue();
        assertThat(health.at("/components/readinessState/status").asText()).isEqualTo("UP");
        assertThat(app.anonymous().get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(app.anonymous().get("/actuator/health/liveness").status()).isEqualTo(200);
        // not ready (as until every start-up task, --demo's seeding included, has run): the overall status says so
        AvailabilityChangeEvent.publish(app.context(), ReadinessState.REFUSING_TRAFFIC);
        try {
            assertThat(app.anonymous().get("/actuator/health").status()).isEqualTo(503);
            assertThat(app.anonymous().get("/actuator/health/readiness").status()).isEqualTo(503);
        } finally {
            AvailabilityChangeEvent.publish(app.context(), ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(app.anonymous().get("/actuator/health").status()).isEqualTo(200);

        RunningApp.Call user = app.user("metrics");
        String id = user.post("/api/v1/collaborations", Map.of("key", "METRICS", "name", "M", "kind", "OTHER"))
                        .json().get("id").asText();
        user.get("/api/v1/collaborations/" + id + "?minVersion=1");
        String metrics = app.anonymous().get("/actuator/prometheus", "text/plain").body();
        assertThat(metrics).contains("command_bus_").contains("event_processor_"); // Axon's meters, snake_case
    }
}
