package org.concordia.kernel.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * An API token was created for the account ({@code scope} e.g. READ or READ_WRITE; {@code expiresAt} null when it
 * never expires). The token's secret is never recorded.
 */
@Revision("1")
public record ApiTokenCreated(String username, String tokenId, String tokenName, String scope, Instant expiresAt,
                              String reason, ActorContext actor) implements AccountEvent {
}
