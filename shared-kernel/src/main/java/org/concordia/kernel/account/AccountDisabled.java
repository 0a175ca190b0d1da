package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The account may no longer sign in; its sessions and API tokens stop at once. */
@Revision("1")
public record AccountDisabled(String username, String reason, ActorContext actor) implements AccountEvent {
}
