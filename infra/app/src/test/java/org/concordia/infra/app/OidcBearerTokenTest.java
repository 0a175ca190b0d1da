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

import static org.assertj.core.api.Assertions.assertThat;

/** With an OIDC issuer configured, a bearer token from it authenticates, and its username is the actor. */
class OidcBearerTokenTest {

    static final String ISSUER = "https://login.example.org/realms/concordia";
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
            assertThat(read.json().get("registeredBy").asText()).isEqualTo("ines");

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

    private static String token(KeyPair keys, String issuer, String username) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .issuer(issuer).subject("sub-" + username).claim("preferred_username", username)
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
