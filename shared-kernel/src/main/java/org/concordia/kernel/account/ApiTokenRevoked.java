package org.concordia.kernel.account;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** An API token of the account was revoked. */
@Revision("1")
public record ApiTokenRevoked(String username, String tokenId, String reason, ActorContext actor)
        implements AccountEvent {
}
