package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.concordia.audit.verifier.BundleVerifier;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.audit.verifier.Checkpoint;
import org.concordia.audit.verifier.Ed25519Keys;
import org.concordia.audit.verifier.Hashes;
import org.concordia.audit.verifier.Json;
import org.concordia.audit.verifier.Merkle;
import org.concordia.audit.verifier.Verification;
import org.concordia.infra.eventstore.RawCommits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.context.WebServerApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.Map;
import java.util.zip.ZipFile;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/** Audit integrity over real HTTP: checkpoints, proofs, verification, exports that re-verify from a file. */
class AuditIntegrityHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path downloads;
    static RunningApp app;
    static RunningApp.Call cora;
    static RunningApp.Call audrey;
    static RunningApp.Call olga;
    static RunningApp.Call mallory;
    static String trial;
    static String other;
    static PublicKey publishedKey;

    @BeforeAll
    static void twoCollaborations() throws IOException {
        app = new RunningApp(dataDir, "--concordia.audit.checkpoint-every=5", "--concordia.audit.poll-interval=100ms");
        cora = app.user("cora");
        audrey = app.user("audrey");
        olga = app.user("olga");
        mallory = app.user("mallory");
        trial = collaboration("TRIAL");
        other = collaboration("OTHER");
        cora.post(c(trial, "/parties"), Map.of("partyId", "site", "name", "Site", "role", "SITE"));
        cora.post(c(trial, "/members"), Map.of("username", "audrey", "partyId", "site", "roles", List.of("AUDITOR")));
        cora.post(c(trial, "/members"), Map.of("username", "olga", "partyId", "site", "roles", List.of("OBSERVER")));
        for (String cid : List.of(trial, other, trial)) {
            cora.post(c(cid, "/issues"), Map.of("type", "ISSUE", "title", "Dosing deviation in " + cid,
                    "description", "d", "category", "PROTOCOL_DEVIATION", "severity", "HIGH",
                    "involvedParties", List.of()));
        }
        publishedKey = Ed25519Keys.parsePublic(audrey.get("/api/v1/audit/public-key").json().get("publicKeyPem").asText());
    }

    static String collaboration(String key) {
        String id = cora.post("/api/v1/collaborations", Map.of("key", key, "name", key + " study",
                                                              "kind", "CLINICAL_TRIAL")).json().get("id").asText();
        cora.get(c(id, "?minVersion=1"));
        return id;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String c(String cid, String path) {
        return "/api/v1/collaborations/" + cid + path;
    }

    private static JsonNode seal() {
        RunningApp.Response sealed = app.asAdmin().post("/api/v1/admin/audit/checkpoints", Map.of());
        assertThat(sealed.status()).as(sealed.body()).isEqualTo(200);
        return sealed.json();
    }

    private static Path download(String path, String username, String password, int expectedStatus) throws Exception {
        int port = ((WebServerApplicationContext) app.context()).getWebServer().getPort();
        Path file = downloads.resolve("bundle-" + System.nanoTime() + ".zip");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                           .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                   (username + ":" + password).getBytes(StandardCharsets.UTF_8)))
                           .GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).as(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(expectedStatus);
        if (expectedStatus == 200) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        }
        return file;
    }

    @Test
    void theSigningKeyIsPublishedAndGeneratedIntoTheDataDirectory() {
        JsonNode key = olga.get("/api/v1/audit/public-key").json();
        assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(key.get("keyId").asText()).isEqualTo(Ed25519Keys.keyId(publishedKey));
        assertThat(dataDir.resolve("audit-signing-key.pem")).exists();
        // published: an auditor pins it without an account, like the schemas
        assertThat(app.anonymous().get("/api/v1/audit/public-key").json()).isEqualTo(key);
    }

    @Test
    void checkpointsAreListedSignedAndEachExtendsTheOneBefore() {
        seal();
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode node : olga.get("/api/v1/audit/checkpoints").json()) {
            checkpoints.add(Checkpoint.fromMap(Json.parseObject(node.toString())));
        }
        assertThat(checkpoints).isNotEmpty();
        assertThat(checkpoints).allMatch(cp -> cp.signatureValid(publishedKey));
        Checkpoint first = checkpoints.get(0);
        Checkpoint last = checkpoints.get(checkpoints.size() - 1);
        assertThat(olga.get("/api/v1/audit/checkpoints/" + last.number()).json().get("rootHash").asText())
                .isEqualTo(last.rootHash());
        JsonNode proof = olga.get("/api/v1/audit/proofs/consistency?from=" + first.number() + "&to=" + last.number())
                             .json();
        List<byte[]> path = new ArrayList<>();
        proof.get("proof").forEach(p -> path.add(Hashes.unhex(p.asText())));
        assertThat(Merkle.verifyConsistency(first.treeSize(), last.treeSize(), Hashes.unhex(first.rootHash()),
                                            Hashes.unhex(last.rootHash()), path)).isTrue();
    }

    @Test
    void badProofRequestsAreProblemsNamingTheParameter() {
        seal();
        RunningApp.Response zero = olga.get("/api/v1/audit/proofs/consistency?from=0&to=1");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.header("Content-Type")).startsWith("application/problem+json");
        assertThat(zero.body()).contains("\"from\"");
        RunningApp.Response backwards = olga.get("/api/v1/audit/proofs/consistency?from=2&to=1");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"to\"");
        RunningApp.Response notANumber = olga.get("/api/v1/audit/proofs/consistency?from=abc&to=1");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.header("Content-Type")).startsWith("application/problem+json");
        assertThat(olga.get("/api/v1/audit/proofs/consistency?from=1&to=999999").status()).isEqualTo(404);
        assertThat(olga.get("/api/v1/audit/checkpoints/999999").status()).isEqualTo(404);
    }

    @Test
    void administratorsVerifyTheLiveStoreAndGetInclusionProofs() {
        JsonNode sealed = seal();
        JsonNode verified = app.asAdmin().get("/api/v1/admin/audit/verify").json();
        assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checkpoint").asLong()).isGreaterThanOrEqualTo(sealed.get("number").asLong());

        JsonNode proof = app.asAdmin().get("/api/v1/admin/audit/proofs/inclusion?position=1&checkpoint="
                                           + sealed.get("number").asLong()).json();
        CanonicalEvent event = CanonicalEvent.fromMap(Json.parseObject(proof.get("event").toString()));
        List<byte[]> path = new ArrayList<>();
        proof.get("proof").forEach(p -> path.add(Hashes.unhex(p.asText())));
        assertThat(Merkle.verifyInclusion(proof.get("leaf").asLong() - 1, proof.get("treeSize").asLong(),
                                          event.leafHash(), path, Hashes.unhex(sealed.get("rootHash").asText())))
                .isTrue();

        assertThat(cora.get("/api/v1/admin/audit/verify").status()).isEqualTo(403);
        assertThat(cora.get("/api/v1/admin/audit/proofs/inclusion?position=1").status()).isEqualTo(403);
        assertThat(cora.post("/api/v1/admin/audit/checkpoints", Map.of()).status()).isEqualTo(403);
    }

    @Test
    void aCollaborationExportHoldsOnlyItsEventsAndReverifiesFromAFile() throws Exception {
        Path bundle = download(c(trial, "/audit/export"), "audrey", RunningApp.passwordOf("audrey"), 200);
        Verification result = BundleVerifier.verify(bundle, publishedKey);
        assertThat(result.intact()).as(result.summary()).isTrue();
        assertThat(result.eventsChecked()).isGreaterThanOrEqualTo(5); // registered, coordinator, party, two members
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            assertThat(zip.getEntry("README.md")).isNotNull();
            String events = new String(zip.getInputStream(zip.getEntry("events.ndjson")).readAllBytes(),
                                       StandardCharsets.UTF_8);
            for (String line : events.lines().toList()) {
                JsonNode payload = JSON.readTree(JSON.readTree(line).get("event").get("payload").asText());
                assertThat(payload.get("collaborationId").asText()).isEqualTo(trial);
            }
        }
        // the offline command line agrees
        Path pem = downloads.resolve("published.pem");
        Files.writeString(pem, Ed25519Keys.publicPem(publishedKey));
        assertThat(BundleVerifier.verify(bundle, Ed25519Keys.parsePublic(Files.readString(pem))).intact()).isTrue();
    }

    @Test
    void onlyAuditorsOfTheCollaborationMayExportIt() throws Exception {
        // the bundle is the complete record, restricted issues included: a COORDINATOR does not see every issue
        download(c(trial, "/audit/export"), "cora", RunningApp.passwordOf("cora"), 403);
        download(c(trial, "/audit/export"), "olga", RunningApp.passwordOf("olga"), 403);
        download(c(trial, "/audit/export"), "mallory", RunningApp.passwordOf("mallory"), 404);
        download(c(other, "/audit/export"), "audrey", RunningApp.passwordOf("audrey"), 404);
        download("/api/v1/admin/audit/export", "cora", RunningApp.passwordOf("cora"), 403);
    }

    @Test
    void aCollaborationMemberGetsProofsOnlyForItsOwnEvents() throws Exception {
        seal();
        Path store = download("/api/v1/admin/audit/export", "admin", RunningApp.ADMIN_PASSWORD, 200);
        Long trialPosition = null;
        Long otherPosition = null;
        try (ZipFile zip = new ZipFile(store.toFile())) {
            String events = new String(zip.getInputStream(zip.getEntry("events.ndjson")).readAllBytes(),
                                       StandardCharsets.UTF_8);
            for (String line : events.lines().toList()) {
                JsonNode event = JSON.readTree(line).get("event");
                String cid = JSON.readTree(event.get("payload").asText()).path("collaborationId").asText();
                if (cid.equals(trial) && trialPosition == null) {
                    trialPosition = event.get("position").asLong();
                } else if (cid.equals(other) && otherPosition == null) {
                    otherPosition = event.get("position").asLong();
                }
            }
        }
        assertThat(audrey.get(c(trial, "/audit/proofs/inclusion?position=" + trialPosition)).status()).isEqualTo(200);
        assertThat(audrey.get(c(trial, "/audit/proofs/inclusion?position=" + otherPosition)).status()).isEqualTo(404);
        assertThat(olga.get(c(trial, "/audit/proofs/inclusion?position=" + trialPosition)).status()).isEqualTo(403);
    }

    @Test
    void theWholeStoreExportVerifiesAndATamperedDocumentIsFoundLiveAndOffline() throws Exception {
        seal();
        Path intact = download("/api/v1/admin/audit/export", "admin", RunningApp.ADMIN_PASSWORD, 200);
        Verification offline = BundleVerifier.verify(intact, publishedKey);
        assertThat(offline.intact()).as(offline.summary()).isTrue();

        MongoCollection<Document> commits = RawCommits.in(app.bean(MongoDatabase.class));
        // the commit registering TRIAL (the first ones record the accounts)
        Document commit = StreamSupport.stream(commits.find().sort(new Document("_id", 1)).spliterator(), false)
                .filter(c -> RawCommits.events(c).get(0).getString(RawCommits.PAYLOAD)
                              .contains("\"key\":\"TRIAL\"")).findFirst().orElseThrow();
        long position = RawCommits.position(commit);
        Document original = Document.parse(commit.toJson());
        List<Document> events = new ArrayList<>(RawCommits.events(commit));
        Document first = events.get(0);
        first.put(RawCommits.PAYLOAD, first.getString(RawCommits.PAYLOAD).replace("TRIAL", "TRIA1"));
        commits.updateOne(eq("_id", position), new Document("$set", new Document(RawCommits.EVENTS, events)));
        try {
            JsonNode verified = app.asAdmin().get("/api/v1/admin/audit/verify").json();
            assertThat(verified.get("intact").asBoolean()).isFalse();
            assertThat(verified.get("failedPosition").asLong()).isEqualTo(position);
            Path tampered = download(c(trial, "/audit/export"), "audrey", RunningApp.passwordOf("audrey"), 200);
            Verification collaboration = BundleVerifier.verify(tampered, publishedKey);
            assertThat(collaboration.intact()).isFalse();
            assertThat(collaboration.failedPosition()).isEqualTo(position);
        } finally {
            commits.replaceOne(eq("_id", position), original);
        }
        assertThat(app.asAdmin().get("/api/v1/admin/audit/verify").json().get("intact").asBoolean()).isTrue();
    }
}
