package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Disable an account: it may no longer sign in. */
public record DisableAccount(String username, String reason, String actor) {

    public DisableAccount {
        Check.id("username", username);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
