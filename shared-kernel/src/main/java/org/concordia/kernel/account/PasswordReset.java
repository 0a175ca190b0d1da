package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * An administrator set a temporary password ({@code generated}: made by the system and shown once); the holder must
 * change it at the next sign-in.
 */
@Revision("1")
public record PasswordReset(String username, boolean generated, String reason, ActorContext actor)
        implements AccountEvent {
}
