package org.concordia.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signed statement of the chain's state: after {@code treeSize} events (the last at global position
 * {@code lastPosition}) the RFC 9162 tree root was {@code rootHash} and the hash chain's head {@code chainHead}.
 * The Ed25519 signature covers the UTF-8 of the RFC 8785 serialisation of {@link #signedContent()}.
 */
public record Checkpoint(long number, long treeSize, String rootHash, String chainHead, long lastPosition,
                         String time, String keyId, String signature) {

    public static final String FORMAT = "concordia-checkpoint/1";

    /** What is signed: every member but the signature, plus the format tag (so the bytes mean nothing else). */
    public Map<String, Object> signedContent() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("number", number);
        map.put("treeSize", treeSize);
        map.put("rootHash", rootHash);
        map.put("chainHead", chainHead);
        map.put("lastPosition", lastPosition);
        map.put("time", time);
        map.put("keyId", keyId);
        return map;
    }

    public byte[] signedBytes() {
        return Json.canonical(signedContent()).getBytes(StandardCharsets.UTF_8);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(signedContent());
        map.remove("format");
        map.put("signature", signature);
        return map;
    }

    public boolean signatureValid(PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey);
            verifier.update(signedBytes());
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static Checkpoint fromMap(Map<?, ?> map) {
        return new Checkpoint(((Long) map.get("number")), (Long) map.get("treeSize"), (String) map.get("rootHash"),
                              (String) map.get("chainHead"), (Long) map.get("lastPosition"), (String) map.get("time"),
                              (String) map.get("keyId"), (String) map.get("signature"));
    }
}
