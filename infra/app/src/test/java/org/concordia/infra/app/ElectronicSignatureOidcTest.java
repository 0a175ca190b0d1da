package org.concordia.infra.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.concordia.infra.eventstore.CommitLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OIDC bearer users sign with a fresh login instead of a password (21 CFR 11.200 re-authentication delegated to the
 * identity provider): a login ({@code auth_time}, else {@code iat}) older than the allowed age gets an RFC 9470
 * step-up challenge (401) and records nothing; a recent one signs, with the token's {@code name} as printed name.
 */
class ElectronicSignatureOidcTest {

    @TempDir
    Path dataDir;

    @Test
    void aBearerUserSignsWithARecentLoginAndIsAskedToLogInAgainWhenItIsOld() throws Exception {
        try (RunningApp app = RunningApp.configured(dataDir, new String[]{
                "--concordia.oidc.issuer=" + OidcBearerTokenTest.ISSUER,
                "--concordia.signatures.oidc-max-auth-age=PT5M"}, OidcBearerTokenTest.IssuerKeys.class)) {
            Instant now = Instant.now();
            RunningApp.Call ines = app.bearer(token("ines", "Dr Ines Varga", now, now));
            RunningApp.Call sam = app.user("sam"); // a member added by name must exist in the built-in store
            String cid = ines.post("/api/v1/collaborations", Map.of("key", "OIDC", "name", "Federated",
                                                                   "kind", "OTHER")).json().get("id").asText();
            String c = "/api/v1/collaborations/" + cid;
            ines.get(c + "?minVersion=1");
            ok(ines.post(c + "/parties", Map.of("partyId", "sponsor", "name", "Helios", "role", "SPONSOR")));
            ok(ines.post(c + "/members", Map.of("username", "sam", "partyId", "sponsor",
                                                "roles", List.of("CONTRIBUTOR"))));
            long version = ok(ines.put(c + "/governance", Map.of("tiers", List.of(Map.of("name", "Board",
                    "members", List.of(OidcBearerTokenTest.INES), "acknowledgeWithin", "P2D", "resolveWithin", "P14D", "quorum", 1)))))
                    .json().get("version").asLong();
            ines.get(c + "?minVersion=" + version);
            String issue = c + "/issues/" + ok(sam.post(c + "/issues", Map.of("type", "ISSUE", "title", "t",
                    "description", "d", "category", "BUDGET", "severity", "LOW", "involvedParties",
                    List.of("sponsor")))).json().get("id").asText();
            ok(ines.post(issue + "/acknowledge", Map.of()));
            String votes = issue + "/proposals/" + ok(ines.post(issue + "/proposals",
                    Map.of("summary", "s", "text", "t"))).json().get("id").asText() + "/votes";
            long before = app.bean(CommitLog.class).headPosition();
            Map<String, Object> approve = Map.of("vote", "APPROVE", "signature", Map.of("meaning", "APPROVED"));

            Instant tenMinutesAgo = now.minus(Duration.ofMinutes(10));
            RunningApp.Response oldLogin = app.bearer(token("ines", "Dr Ines Varga", tenMinutesAgo, now))
                                              .post(votes, approve);
            assertThat(oldLogin.status()).isEqualTo(401);
            assertThat(oldLogin.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_user_authentication\"")
                                                           .contains("max_age=\"300\"");
            assertThat(oldLogin.header("Content-Type")).startsWith("application/problem+json");
            assertThat(oldLogin.json().get("type").asText()).isEqualTo("urn:concordia:problem:reauthentication-required");
            RunningApp.Response oldTokenWithoutAuthTime = app.bearer(token("ines", "Dr Ines Varga", null,
                                                                           tenMinutesAgo)).post(votes, approve);
            assertThat(oldTokenWithoutAuthTime.status()).isEqualTo(401);
            assertThat(app.bean(CommitLog.class).headPosition())
                    .isEqualTo(before);

            RunningApp.Response signed = ok(app.bearer(token("ines", "Dr Ines Varga",
                    now.minus(Duration.ofMinutes(1)), now)).post(votes, approve));
            JsonNode signature = ines.get(issue + "?minVersion=" + signed.json().get("version").asLong()).json()
                                     .at("/decision/votes/0/signature");
            assertThat(signature.get("username").asText()).isEqualTo(OidcBearerTokenTest.INES);
            assertThat(signature.get("printedName").asText()).isEqualTo("Dr Ines Varga");
            assertThat(signature.get("meaning").asText()).isEqualTo("APPROVED");
            assertThat(signature.get("method").asText()).isEqualTo("OIDC_REAUTHENTICATION");
        }
    }

    static RunningApp.Response ok(RunningApp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response;
    }

    /** A token from the issuer; {@code authTime} null leaves the claim out (then {@code iat} counts). */
    private static String token(String username, String name, Instant authTime, Instant issuedAt) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(OidcBearerTokenTest.ISSUER).subject("sub-" + username)
                .claim("preferred_username", username).claim("name", name)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (authTime != null) {
            claims.claim("auth_time", authTime.getEpochSecond());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner(OidcBearerTokenTest.ISSUER_KEYS.getPrivate()));
        return jwt.serialize();
    }
}
