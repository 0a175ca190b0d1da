package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The account became an administrator. */
@Revision("1")
public record AdministratorGranted(String username, String reason, ActorContext actor) implements AccountEvent {
}
