package org.concordia.kernel.account;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Record that an API token was created for the account (never its secret). {@code expiresAt} may be null. */
public record RecordApiTokenCreated(String username, String tokenId, String tokenName, String scope, Instant expiresAt,
                                    String reason, String actor) {

    public RecordApiTokenCreated {
        Check.id("username", username);
        Check.id("tokenId", tokenId);
        Check.text("tokenName", tokenName, Check.NAME_MAX);
        Check.id("scope", scope);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
