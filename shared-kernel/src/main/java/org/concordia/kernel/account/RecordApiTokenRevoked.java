package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Record that an API token of the account was revoked. */
public record RecordApiTokenRevoked(String username, String tokenId, String reason, String actor) {

    public RecordApiTokenRevoked {
        Check.id("username", username);
        Check.id("tokenId", tokenId);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
