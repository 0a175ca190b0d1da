package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** A disabled account may sign in again. */
@Revision("1")
public record AccountEnabled(String username, String reason, ActorContext actor) implements AccountEvent {
}
