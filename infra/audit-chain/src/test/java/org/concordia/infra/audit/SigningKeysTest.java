package org.concordia.infra.audit;

import org.concordia.audit.verifier.Ed25519Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void generatesAKeyAtFirstStartAndKeepsItAcrossRestarts() throws Exception {
        SigningKeys first = SigningKeys.load(null, dir);
        Path file = dir.resolve(SigningKeys.DEFAULT_FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(SigningKeys.load(null, dir).keyId()).isEqualTo(first.keyId());
    }

    @Test
    void usesTheConfiguredKeyFile() throws Exception {
        SigningKeys generated = SigningKeys.generate();
        Path configured = dir.resolve("configured.pem");
        Files.writeString(configured, Ed25519Keys.publicPem(generated.publicKey()) + privatePemOf(generated));
        assertThat(SigningKeys.load(configured, dir).keyId()).isEqualTo(generated.keyId());
        assertThat(dir.resolve(SigningKeys.DEFAULT_FILE)).doesNotExist();
    }

    @Test
    void refusesAPublicKeyThatDoesNotBelongToThePrivateKey() throws Exception {
        SigningKeys one = SigningKeys.generate();
        SigningKeys other = SigningKeys.generate();
        Path mixed = dir.resolve("mixed.pem");
        Files.writeString(mixed, privatePemOf(one) + Ed25519Keys.publicPem(other.publicKey()));
        assertThatThrownBy(() -> SigningKeys.load(mixed, dir)).hasMessageContaining("does not match");
    }

    @Test
    void aMissingConfiguredKeyFileIsAnErrorNotASilentNewKey() {
        assertThatThrownBy(() -> SigningKeys.load(dir.resolve("absent.pem"), dir))
                .hasMessageContaining("absent.pem");
    }

    private String privatePemOf(SigningKeys keys) throws Exception {
        return Ed25519Keys.privatePem(keys.privateKeyForTests());
    }
}
