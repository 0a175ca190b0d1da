package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * An account was created: by an administrator (or {@code system} at bootstrap and upgrade) with a password, or at
 * the first sign-in of an OpenID Connect user ({@code issuer} and {@code subject} set, no password). 
 * {@code mustChangePassword}: the holder must choose a new password at first sign-in.
 */
@Revision("1")
public record UserAccountCreated(String username, String displayName, boolean administrator,
                                 boolean mustChangePassword,
                                 String issuer, String subject, String reason, ActorContext actor)
        implements AccountEvent {
}
