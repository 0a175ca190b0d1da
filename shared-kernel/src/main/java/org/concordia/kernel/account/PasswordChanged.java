package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The holder changed their own password, after re-entering the current one. {@code reason} is optional. */
@Revision("1")
public record PasswordChanged(String username, String reason, ActorContext actor) implements AccountEvent {
}
