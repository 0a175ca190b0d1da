package org.concordia.audit.verifier;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ed25519 keys in PEM (public: X.509 SubjectPublicKeyInfo; private: PKCS#8), and key ids. */
public final class Ed25519Keys {

    private Ed25519Keys() {
    }

    /** The first 16 hex digits of SHA-256 over the public key's DER encoding. */
    public static String keyId(PublicKey publicKey) {
        return Hashes.hex(Hashes.sha256(publicKey.getEncoded())).substring(0, 16);
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static PublicKey parsePublic(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(block(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static PrivateKey parsePrivate(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(block(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
    }

    public static boolean hasBlock(String pem, String label) {
        return pem.contains("-----BEGIN " + label + "-----");
    }

    private static byte[] block(String pem, String label) {
        Matcher matcher = Pattern.compile("-----BEGIN " + label + "-----([A-Za-z0-9+/=\\s]+)-----END " + label + "-----")
                                 .matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no PEM block " + label);
        }
        return Base64.getMimeDecoder().decode(matcher.group(1));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
               + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
               + "\n-----END " + label + "-----\n";
    }
}
