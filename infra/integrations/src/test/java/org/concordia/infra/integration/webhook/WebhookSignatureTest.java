package org.concordia.infra.integration.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    /** The reference vector of the Standard Webhooks libraries' own test suites (the spec's reference signer). */
    @Test
    void signsTheSpecificationsReferenceVector() {
        String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                                 "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                                                 "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void freshSecretsHaveTheStandardFormAndEnoughEntropy() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }

    @Test
    void anIndependentVerifierAcceptsOurSignatureAndRefusesATamperedBody() {
        String secret = WebhookSignature.newSecret();
        byte[] body = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = WebhookSignature.sign(secret, "sub.1", Long.parseLong(timestamp), body);

        assertThat(StandardWebhooksVerifier.verify(secret, "sub.1", timestamp, signature, body)).isTrue();
        assertThat(StandardWebhooksVerifier.verify(secret, "sub.2", timestamp, signature, body)).isFalse();
        assertThat(StandardWebhooksVerifier.verify(secret, "sub.1", timestamp, signature,
                                                   "{\"specversion\":\"1.1\"}".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(StandardWebhooksVerifier.verify(WebhookSignature.newSecret(), "sub.1", timestamp, signature, body))
                .isFalse();
    }

    @Test
    void secretsAreEncryptedAtRestBoundToTheirSubscription() {
        SecretCipher cipher = new SecretCipher(new byte[32]);
        String secret = WebhookSignature.newSecret();
        String sealed = cipher.encrypt(secret, "sub-a");
        assertThat(sealed).doesNotContain(secret.substring(6, 20));
        assertThat(cipher.decrypt(sealed, "sub-a")).isEqualTo(secret);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cipher.decrypt(sealed, "sub-b"))
                                       .isInstanceOf(IllegalStateException.class);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SecretCipher(otherKey).decrypt(sealed, "sub-a"))
                                       .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGeneratedKeyIsKeptInTheDataDirectorySoSecretsSurviveARestart(@org.junit.jupiter.api.io.TempDir
                                                                         java.nio.file.Path dataDir) throws Exception {
        SecretCipher cipher = SecretCipher.fromConfiguration(null, dataDir);
        assertThat(dataDir.resolve("webhook-secrets.key")).doesNotExist(); // created when first needed
        String sealed = cipher.encrypt("whsec_x", "sub-a");
        assertThat(dataDir.resolve("webhook-secrets.key")).exists();
        assertThat(SecretCipher.fromConfiguration("", dataDir).decrypt(sealed, "sub-a")).isEqualTo("whsec_x");

        String configured = Base64.getEncoder().encodeToString(new byte[32]);
        String sealedWithConfigured = SecretCipher.fromConfiguration(configured, dataDir).encrypt("whsec_y", "s");
        assertThat(new SecretCipher(new byte[32]).decrypt(sealedWithConfigured, "s")).isEqualTo("whsec_y");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecretCipher.fromConfiguration("c2hvcnQ=", dataDir))
                                       .isInstanceOf(IllegalArgumentException.class);
    }
}
