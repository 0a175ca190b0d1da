package org.concordia.audit.verifier;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as RFC 9162 uses it (leaf prefix 0x00, node prefix 0x01), and the hash chain. */
public final class Hashes {

    /** The chain value before the first event: 32 zero bytes. */
    public static final byte[] CHAIN_START = new byte[32];
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {
    }

    public static byte[] sha256(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** RFC 9162 §2.1.1: SHA-256(0x00 ‖ leaf). */
    public static byte[] leaf(byte[] canonicalEvent) {
        return sha256(new byte[]{0x00}, canonicalEvent);
    }

    /** RFC 9162 §2.1.1: SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[]{0x01}, left, right);
    }

    /** chain(n) = SHA-256(chain(n-1) ‖ canonical bytes of event n). */
    public static byte[] chain(byte[] previous, byte[] canonicalEvent) {
        return sha256(previous, canonicalEvent);
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    public static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
