package org.concordia.infra.app;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an OIDC issuer configured, a bearer token from it authenticates; the actor is a username derived from the
 * token's issuer and subject, never from {@code preferred_username}, which the identity provider lets change hands.
 */
class OidcBearerTokenTest {

    static final String ISSUER = "https://login.example.org/realms/concordia";
    /** {@code sub-ines@} the issuer's host, {@code ~} the first 8 hex digits of SHA-256(issuer): a stable form. */
    static final String INES = "sub-ines@login.example.org~d5281cce";
    static final KeyPair ISSUER_KEYS = rsa();
    static final KeyPair FORGER_KEYS = rsa();

    /** Stands in for the issuer's published keys (no network here). */
    @Configuration(proxyBeanMethods = false)
    static class IssuerKeys {
        @Bean
        @Primary
        JwtDecoder issuerKeysDecoder() {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) ISSUER_KEYS.getPublic()).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
            return decoder;
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void aTokenFromTheIssuerActsAsItsUserAndAForgedOneIsRefused() throws Exception {
        try (RunningApp app = RunningApp.configured(dataDir, new String[]{"--concordia.oidc.issuer=" + ISSUER},
                                                    IssuerKeys.class)) {
            RunningApp.Response created = app.bearer(token(ISSUER_KEYS, ISSUER, "ines"))
                    .post("/api/v1/collaborations", Map.of("key", "OIDC", "name", "Federated", "kind", "OTHER"));
            assertThat(created.status()).isEqualTo(201);
            String id = created.json().get("id").asText();
            RunningApp.Response read = app.bearer(token(ISSUER_KEYS, ISSUER, "ines"))
                    .get("/api/v1/collaborations/" + id + "?minVersion=1");
            assertThat(read.json().get("registeredBy").asText()).isEqualTo(INES);
            RunningApp.Response me = app.bearer(token(ISSUER_KEYS, ISSUER, "ines")).get("/api/v1/me");
            assertThat(me.json().get("username").asText()).isEqualTo(INES);
            assertThat(me.json().get("displayName").asText()).as("preferred_username: a display name only")
                                                           .isEqualTo("ines");
            assertThat(me.json().get("signsInWith").asText()).isEqualTo("OIDC");

            // a coordinator adds an OIDC user by the username their first sign-in gave them (GET /api/v1/me shows it)
            String olga = "sub-olga@login.example.org~d5281cce";
            Map<String, Object> olgaAsObserver = Map.of("username", olga, "partyId", "sponsor",
                                                        "roles", java.util.List.of("OBSERVER"));
            RunningApp.Call coordinator = app.bearer(token(ISSUER_KEYS, ISSUER, "ines"));
            assertThat(coordinator.post("/api/v1/collaborations/" + id + "/parties",
                    Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR")).status()).isEqualTo(200);
            RunningApp.Response beforeFirstSignIn = coordinator.post("/api/v1/collaborations/" + id + "/members",
                                                                     olgaAsObserver);
            assertThat(beforeFirstSignIn.status()).isEqualTo(400);
            assertThat(app.bearer(token(ISSUER_KEYS, ISSUER, "olga")).get("/api/v1/me").json().get("username")
                          .asText()).isEqualTo(olga);
            assertThat(coordinator.post("/api/v1/collaborations/" + id + "/members", olgaAsObserver).status())
                    .isEqualTo(200);
            await().atMost(20, TimeUnit.SECONDS).until(() -> app.bearer(token(ISSUER_KEYS, ISSUER, "olga"))
                    .get("/api/v1/collaborations/" + id).status() == 200);

            // someone else takes over the name "ines" at the provider: a different subject, a different account
            RunningApp.Response impostor = app.bearer(token(ISSUER_KEYS, ISSUER, "mallory", "ines"))
                                              .get("/api/v1/collaborations/" + id);
            assertThat(impostor.status()).isEqualTo(404);
            assertThat(app.bearer(token(ISSUER_KEYS, ISSUER, "mallory", "ines")).get("/api/v1/me").json()
                          .get("username").asText()).isEqualTo("sub-mallory@login.example.org~d5281cce");

            // the first sign-in created an account, recorded by system; an administrator can disable it
            RunningApp.Response disabled = app.asAdmin().post("/api/v1/admin/users/" + INES + "/disable",
                                                              Map.of("reason", "left the consortium"));
            assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
            assertThat(app.bearer(token(ISSUER_KEYS, ISSUER, "ines")).get("/api/v1/collaborations").status())
                    .as("a disabled account's tokens stop at once").isEqualTo(401);

            RunningApp.Response forged = app.bearer(token(FORGER_KEYS, ISSUER, "ines")).get("/api/v1/collaborations");
            assertThat(forged.status()).isEqualTo(401);
            assertThat(forged.header("Content-Type")).startsWith("application/problem+json");
            RunningApp.Response otherIssuer = app.bearer(token(ISSUER_KEYS, "https://evil.example", "ines"))
                                                 .get("/api/v1/collaborations");
            assertThat(otherIssuer.status()).isEqualTo(401);
            // the built-in store still works beside it
            assertThat(app.asAdmin().get("/api/v1/collaborations").status()).isEqualTo(200);
        }
    }

    @Test
    void apiTokensWorkBesideTheIssuersTokensAndAreNotForItsUsers() throws Exception {
        try (RunningApp app = RunningApp.configured(dataDir, new String[]{"--concordia.oidc.issuer=" + ISSUER},
                                                    IssuerKeys.class)) {
            RunningApp.Response created = app.user("bob").post("/api/v1/me/tokens",
                    Map.of("name", "beside OIDC", "expiresIn", "P1D", "scope", "READ"));
            assertThat(created.status()).isEqualTo(201);
            RunningApp.Call token = app.bearer(created.json().get("token").asText());
            assertThat(token.get("/api/v1/me/inbox").status()).isEqualTo(200);
            assertThat(app.bearer(token(ISSUER_KEYS, ISSUER, "ines")).get("/api/v1/me/inbox").status()).isEqualTo(200);

            RunningApp.Response forOidcUser = app.bearer(token(ISSUER_KEYS, ISSUER, "ines")).post("/api/v1/me/tokens",
                    Map.of("name", "not for ines", "expiresIn", "P1D", "scope", "READ"));
            assertThat(forOidcUser.status()).isEqualTo(403);
        }
    }

    private static String token(KeyPair keys, String issuer, String username) throws Exception {
        return token(keys, issuer, username, username);
    }

    private static String token(KeyPair keys, String issuer, String subjectName, String preferredUsername)
            throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(issuer).subject("sub-" + subjectName).claim("preferred_username", preferredUsername)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new RSASSASigner(keys.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
