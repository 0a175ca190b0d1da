package org.concordia.kernel.shared;

import java.time.Instant;

/**
 * An electronic signature as recorded with a signed event (21 CFR 11.50): who signed ({@code username}, and
 * {@code printedName}, their display name at the moment of signing), what the signature means, and when. Built by
 * the application after it has re-authenticated the signer ({@code method}); never taken from a request body
 * except its meaning. Holds no secret.
 */
public record ElectronicSignature(String username, String printedName, SignatureMeaning meaning, Instant signedAt,
                                  SignatureMethod method) {

    public ElectronicSignature {
        Check.id("signature.username", username);
        Check.text("signature.printedName", printedName, Check.NAME_MAX);
        Check.notNull("signature.meaning", meaning);
        Check.notNull("signature.signedAt", signedAt);
        Check.notNull("signature.method", method);
    }

    /** "Dana Whitfield (dana), APPROVED, 2026-03-01T09:30:00Z": the manifestation in human-readable form. */
    public String manifestation() {
        return printedName + " (" + username + "), " + meaning + ", " + signedAt;
    }

    /** The signer of a command must be its actor: nobody signs for someone else. */
    public static ElectronicSignature requireSignedBy(String actor, ElectronicSignature signature) {
        Check.notNull("signature", signature);
        if (!signature.username().equals(actor)) {
            throw new IllegalArgumentException("signature.username: the signer must be the actor " + actor);
        }
        return signature;
    }
}
