package org.concordia.infra.audit;

import org.concordia.audit.verifier.Ed25519Keys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/**
 * The Ed25519 key that signs checkpoints. It lives in a file, never in MongoDB: someone who can write the database
 * must not be able to sign. The file holds both PEM blocks (the JDK cannot derive an Ed25519 public key).
 */
public final class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    public static final String DEFAULT_FILE = "audit-signing-key.pem";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    public SigningKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = Ed25519Keys.keyId(publicKey);
        byte[] probe = "concordia-key-check".getBytes();
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (!verifier.verify(Base64.getDecoder().decode(sign(probe)))) {
                throw new IllegalStateException("the audit signing key's PUBLIC KEY does not match its PRIVATE KEY");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The configured file, or the data directory's default file, generated when absent. */
    public static SigningKeys load(Path configured, Path dataDir) {
        Path file = configured != null ? configured : dataDir.resolve(DEFAULT_FILE);
        try {
            if (configured == null && !Files.exists(file)) {
                generateInto(file);
            }
            String pem = Files.readString(file);
            return new SigningKeys(Ed25519Keys.parsePrivate(pem), Ed25519Keys.parsePublic(pem));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit signing key " + file, e);
        }
    }

    public static SigningKeys generate() {
        KeyPair pair = newPair();
        return new SigningKeys(pair.getPrivate(), pair.getPublic());
    }

    private static void generateInto(Path file) throws IOException {
        KeyPair pair = newPair();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Ed25519Keys.privatePem(pair.getPrivate()) + Ed25519Keys.publicPem(pair.getPublic()));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("Could not restrict permissions of {}", file);
        }
        log.info("Generated the audit signing key {} (key id {})", file.toAbsolutePath(),
                 Ed25519Keys.keyId(pair.getPublic()));
    }

    private static KeyPair newPair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 of the Ed25519 signature. */
    public String sign(byte[] content) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(content);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For tests that write key files; nothing else reads the private key out. */
    PrivateKey privateKeyForTests() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String keyId() {
        return keyId;
    }
}
