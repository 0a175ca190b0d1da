package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.kernel.issue.IssueClosed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.DigestUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Part 11 §11.50/§11.200 over real HTTP: votes and closings are signed after the signer re-enters their password;
 * the printed name, meaning and time are shown in the issue view, the decision register, the audit trail and its
 * CSV; a wrong or missing password records nothing; the password never reaches MongoDB or the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class ElectronicSignatureHttpTest {

    static final String WRONG_PASSWORD = "not-veras-password-7";

    @TempDir
    static Path dataDir;
    static RunningApp app;
    static String cid;
    static RunningApp.Call cora, sam, wendy, walt, vera, audrey;

    @BeforeAll
    static void consortium() {
        app = new RunningApp(dataDir, "--concordia.signatures.max-failures=3");
        cora = app.user("cora");
        sam = app.user("sam");
        wendy = app.user("wendy");
        walt = app.user("walt");
        audrey = app.user("audrey");
        vera = app.user("vera");
        cid = cora.post("/api/v1/collaborations", Map.of("key", "SIGN", "name", "Signed decisions",
                                                          "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
        ok(cora.post(c("/parties"), Map.of("partyId", "sponsor", "name", "Helios", "role", "SPONSOR")));
        ok(cora.post(c("/parties"), Map.of("partyId", "cro", "name", "Meridian", "role", "CRO")));
        ok(cora.post(c("/members"), Map.of("username", "sam", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "wendy", "partyId", "cro", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "walt", "partyId", "cro", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "vera", "partyId", "cro", "roles", List.of("CONTRIBUTOR"))));
        ok(cora.post(c("/members"), Map.of("username", "audrey", "partyId", "cro", "roles", List.of("AUDITOR"))));
        RunningApp.Response ladder = ok(cora.put(c("/governance"), Map.of("tiers", List.of(
                Map.of("name", "Working group", "members", List.of("wendy", "walt"), "acknowledgeWithin", "P2D",
                       "resolveWithin", "P14D", "quorum", 2)))));
        cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + ladder.json().get("version").asLong());
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

    /** An issue acknowledged and with an open proposal: {issue path, proposal id}. */
    static String[] proposed(String title) {
        String iid = ok(sam.post(c("/issues"), Map.of("type", "ISSUE", "title", title, "description", "d",
                "category", "DATA_QUALITY", "severity", "MEDIUM", "involvedParties", List.of("sponsor"))))
                .json().get("id").asText();
        String issue = c("/issues/" + iid);
        ok(wendy.post(issue + "/acknowledge", Map.of()));
        String proposal = ok(wendy.post(issue + "/proposals", Map.of("summary", "Retrain", "text", "Retrain staff")))
                .json().get("id").asText();
        return new String[]{issue, proposal};
    }

    static long head() {
        return app.bean(CommitLog.class).headPosition();
    }

    static JsonNode errorOf(RunningApp.Response response) {
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        return response.json().get("errors").get(0);
    }

    @Test
    void signedVotesAndClosingShowPrintedNameMeaningAndTimeWhereverTheDecisionIsShown(CapturedOutput output) {
        String[] p = proposed("Query backlog");
        String issue = p[0];
        String votes = issue + "/proposals/" + p[1] + "/votes";
        Instant before = Instant.now();

        // sent byte for byte as written here, so that the test knows the digest a careless filter would store
        String rawBody = "{\"vote\":\"APPROVE\",\"comment\":\"Agreed\",\"signature\":"
                         + "{\"meaning\":\"APPROVED\",\"password\":\"" + RunningApp.passwordOf("wendy") + "\"}}";
        RunningApp.Response wendyVote = ok(wendy.postWithHeaders(votes, rawBody,
                Map.of("Idempotency-Key", "signed-vote-1")));
        RunningApp.Response replayed = wendy.postWithHeaders(votes, rawBody, Map.of("Idempotency-Key", "signed-vote-1"));
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.body()).isEqualTo(wendyVote.body());
        RunningApp.Response adopted = ok(walt.post(votes, Map.of("vote", "APPROVE",
                "signature", walt.signature("APPROVED"))));
        Instant afterVotes = Instant.now();

        JsonNode view = audrey.get(issue + "?minVersion=" + adopted.json().get("version").asLong()).json();
        assertThat(view.get("status").asText()).isEqualTo("RESOLVED");
        JsonNode wendySigned = view.at("/proposals/0/votes/0/signature");
        assertThat(wendySigned.get("username").asText()).isEqualTo("wendy");
        assertThat(wendySigned.get("printedName").asText()).isEqualTo("WENDY");
        assertThat(wendySigned.get("meaning").asText()).isEqualTo("APPROVED");
        assertThat(wendySigned.get("method").asText()).isEqualTo("PASSWORD");
        assertThat(Instant.parse(wendySigned.get("signedAt").asText())).isBetween(before, afterVotes);
        assertThat(view.at("/proposals/0/votes/1/signature/printedName").asText()).isEqualTo("WALT");
        assertThat(view.at("/decision/votes")).hasSize(2);
        assertThat(view.at("/decision/votes/0/signature")).isEqualTo(wendySigned);
        assertThat(view.at("/decision/votes/1/signature/meaning").asText()).isEqualTo("APPROVED");

        await().atMost(10, TimeUnit.SECONDS).until(() -> audrey.get(c("/decisions")).body().contains(p[1]));
        JsonNode register = audrey.get(c("/decisions")).json().get("decisions");
        JsonNode entry = register.get(register.size() - 1);
        assertThat(entry.get("proposalId").asText()).isEqualTo(p[1]);
        assertThat(entry.at("/votes/0/signature")).isEqualTo(wendySigned);
        assertThat(entry.at("/votes/1/signature/printedName").asText()).isEqualTo("WALT");

        RunningApp.Response closed = ok(walt.post(issue + "/close", Map.of("note", "Backlog cleared",
                "signature", walt.signature("REVIEWED"))));
        JsonNode closing = audrey.get(issue + "?minVersion=" + closed.json().get("version").asLong()).json()
                                 .get("closing");
        assertThat(closing.get("closedBy").asText()).isEqualTo("walt");
        assertThat(closing.get("note").asText()).isEqualTo("Backlog cleared");
        assertThat(closing.at("/signature/printedName").asText()).isEqualTo("WALT");
        assertThat(closing.at("/signature/meaning").asText()).isEqualTo("REVIEWED");

        JsonNode history = audrey.get(issue + "/history").json();
        List<String> summaries = new ArrayList<>();
        history.forEach(e -> summaries.add(e.get("type").asText() + ": " + e.get("summary").asText()));
        assertThat(summaries).anySatisfy(s -> assertThat(s).startsWith("VoteCast: APPROVE on proposal " + p[1]
                + "; signed by WENDY (wendy), APPROVED, "));
        assertThat(summaries).anySatisfy(s -> assertThat(s).startsWith("ProposalAdopted: ")
                .contains("signed by WENDY (wendy), APPROVED, ").contains("; WALT (walt), APPROVED, "));
        assertThat(summaries).anySatisfy(s -> assertThat(s).startsWith("IssueClosed: closed; signed by WALT (walt), "
                + "REVIEWED, "));
        JsonNode closedEntry = history.get(history.size() - 1);
        assertThat(closedEntry.at("/data/signature/printedName").asText()).isEqualTo("WALT");

        String csv = audrey.get(c("/audit-trail?issue=" + issue.substring(issue.lastIndexOf('/') + 1)), "text/csv")
                           .body();
        assertThat(csv).contains("signed by WENDY (wendy), APPROVED, ").contains("signed by WALT (walt), REVIEWED, ")
                       .contains("\"\"printedName\"\":\"\"WALT\"\"");

        // The password went to MongoDB nowhere: not in clear, not in the idempotency key's fingerprint
        String digestWithPassword = DigestUtils.md5DigestAsHex(rawBody.getBytes(StandardCharsets.UTF_8));
        List<String> everything = everyDocumentInMongo();
        assertThat(everything).noneMatch(doc -> doc.contains(RunningApp.passwordOf("wendy"))
                                                || doc.contains(RunningApp.passwordOf("walt")));
        assertThat(everything).noneMatch(doc -> doc.contains(digestWithPassword));
        Document idempotency = app.bean(MongoDatabase.class).getCollection("idempotency_keys")
                                  .find(new Document("_id", "wendy\nsigned-vote-1")).first();
        assertThat(idempotency).isNotNull();
        assertThat(idempotency.getString("fingerprint")).doesNotContain(digestWithPassword);
        assertThat(output.getAll()).doesNotContain(RunningApp.passwordOf("wendy"))
                                   .doesNotContain(RunningApp.passwordOf("walt"));
    }

    @Test
    void aWrongPasswordIsRefusedRecordsNothingIsLoggedAndRepeatedLocksSigning(CapturedOutput output) {
        String[] p = proposed("Wrong password");
        String votes = p[0] + "/proposals/" + p[1] + "/votes";
        MeterRegistry meters = app.bean(MeterRegistry.class);
        double refusedBefore = meters.counter("concordia.signatures", "outcome", "wrong_password",
                                              "method", "PASSWORD").count();
        long before = head();

        RunningApp.Response refused = vera.post(votes, Map.of("vote", "APPROVE",
                "signature", Map.of("meaning", "APPROVED", "password", WRONG_PASSWORD)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("type").asText()).isEqualTo("urn:concordia:problem:signature-rejected");
        assertThat(errorOf(refused).get("field").asText()).isEqualTo("signature.password");
        assertThat(refused.body()).doesNotContain(WRONG_PASSWORD);
        assertThat(head()).isEqualTo(before);
        assertThat(output.getAll()).contains("Signature refused for user 'vera': wrong password")
                                   .doesNotContain(WRONG_PASSWORD);
        assertThat(meters.counter("concordia.signatures", "outcome", "wrong_password", "method", "PASSWORD")
                         .count()).isEqualTo(refusedBefore + 1);
        assertThat(audrey.get(p[0]).json().at("/proposals/0/votes")).isEmpty();

        // vera does not sit on the tier: her password is checked before any rule, so her guesses count all the same.
        // The allowance is 3 wrong passwords (set for this test): then even the right one is refused for a while.
        assertThat(vera.post(votes, Map.of("vote", "APPROVE", "signature",
                Map.of("meaning", "APPROVED", "password", WRONG_PASSWORD))).status()).isEqualTo(403);
        assertThat(vera.post(votes, Map.of("vote", "APPROVE", "signature",
                Map.of("meaning", "APPROVED", "password", WRONG_PASSWORD))).status()).isEqualTo(403);
        RunningApp.Response locked = vera.post(votes, Map.of("vote", "APPROVE", "signature",
                vera.signature("APPROVED")));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotBlank();
        assertThat(locked.json().get("type").asText()).isEqualTo("urn:concordia:problem:signature-locked");
        assertThat(head()).isEqualTo(before);
        // per user: wendy signs as ever
        ok(wendy.post(votes, Map.of("vote", "APPROVE", "signature", wendy.signature("APPROVED"))));
    }

    @Test
    void aMissingOrMalformedSignatureIsA400NamingTheFieldAndRecordsNothing() {
        String[] p = proposed("Missing signature");
        String votes = p[0] + "/proposals/" + p[1] + "/votes";
        long before = head();

        RunningApp.Response unsigned = wendy.post(votes, Map.of("vote", "APPROVE", "comment", "ok"));
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(errorOf(unsigned).get("field").asText()).isEqualTo("signature");

        RunningApp.Response noMeaning = wendy.post(votes, Map.of("vote", "APPROVE",
                "signature", Map.of("password", RunningApp.passwordOf("wendy"))));
        assertThat(noMeaning.status()).isEqualTo(400);
        assertThat(errorOf(noMeaning).get("field").asText()).isEqualTo("signature.meaning");

        RunningApp.Response wrongMeaning = wendy.post(votes, Map.of("vote", "APPROVE",
                "signature", Map.of("meaning", "REJECTED", "password", RunningApp.passwordOf("wendy"))));
        assertThat(wrongMeaning.status()).isEqualTo(400);
        assertThat(errorOf(wrongMeaning).get("field").asText()).isEqualTo("signature.meaning");
        assertThat(errorOf(wrongMeaning).get("message").asText()).isEqualTo("must be APPROVED for the vote APPROVE");

        RunningApp.Response noPassword = wendy.post(votes, Map.of("vote", "APPROVE",
                "signature", Map.of("meaning", "APPROVED")));
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(errorOf(noPassword).get("field").asText()).isEqualTo("signature.password");

        RunningApp.Response signerInBody = wendy.post(votes, Map.of("vote", "APPROVE", "signature",
                Map.of("meaning", "APPROVED", "password", RunningApp.passwordOf("wendy"), "username", "walt")));
        assertThat(signerInBody.status()).isEqualTo(400);
        assertThat(errorOf(signerInBody).get("field").asText()).isEqualTo("signature.username");

        RunningApp.Response closeUnsigned = cora.post(p[0] + "/close", Map.of("note", "n"));
        assertThat(closeUnsigned.status()).isEqualTo(400);
        assertThat(errorOf(closeUnsigned).get("field").asText()).isEqualTo("signature");
        RunningApp.Response closeAsApproved = cora.post(p[0] + "/close", Map.of("note", "n",
                "signature", cora.signature("APPROVED")));
        assertThat(closeAsApproved.status()).isEqualTo(400);
        assertThat(errorOf(closeAsApproved).get("field").asText()).isEqualTo("signature.meaning");

        assertThat(head()).isEqualTo(before);
    }

    @Test
    void theApplicationReadsRevisionOneEventsAsUnsigned() {
        Configuration axon = app.bean(Configuration.class);
        Serializer serializer = axon.eventSerializer();
        GenericDomainEventEntry<String> storedBeforeSignatures = new GenericDomainEventEntry<>(
                "Issue", "i-1", 9, "e-1", "2026-01-01T00:00:00Z", IssueClosed.class.getName(), "1",
                "{\"collaborationId\":\"c-1\",\"issueId\":\"i-1\",\"note\":\"ok\",\"actor\":{\"username\":\"walt\","
                + "\"partyId\":\"cro\",\"roles\":[\"CONTRIBUTOR\"]}}", "{}");
        IssueClosed closed = (IssueClosed) EventStreamUtils.upcastAndDeserializeDomainEvents(
                Stream.of(storedBeforeSignatures), serializer, axon.upcasterChain()).next().getPayload();
        assertThat(closed.note()).isEqualTo("ok");
        assertThat(closed.signature()).isNull();
    }

    private static List<String> everyDocumentInMongo() {
        MongoDatabase database = app.bean(MongoDatabase.class);
        List<String> documents = new ArrayList<>();
        for (String name : database.listCollectionNames()) {
            for (Document doc : database.getCollection(name).find()) {
                documents.add(doc.toJson());
                doc.values().stream().filter(v -> v instanceof org.bson.types.Binary)
                   .map(v -> new String(((org.bson.types.Binary) v).getData(), StandardCharsets.UTF_8))
                   .forEach(documents::add);
            }
        }
        return documents;
    }
}
