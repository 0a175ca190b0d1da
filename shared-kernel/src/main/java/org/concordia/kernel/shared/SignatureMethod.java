package org.concordia.kernel.shared;

/** How the signer proved, at the moment of signing, that they are who the signature names (21 CFR 11.200). */
public enum SignatureMethod {
    /** The password of the built-in user store, re-entered with the signed request. */
    PASSWORD,
    /** A recent login at the OpenID Connect provider (the token's {@code auth_time}, else {@code iat}). */
    OIDC_REAUTHENTICATION
}
