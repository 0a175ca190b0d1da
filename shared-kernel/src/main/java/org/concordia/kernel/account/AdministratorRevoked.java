package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The account is no longer an administrator. */
@Revision("1")
public record AdministratorRevoked(String username, String reason, ActorContext actor) implements AccountEvent {
}
