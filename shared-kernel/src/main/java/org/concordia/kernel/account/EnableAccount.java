package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Enable a disabled account again. */
public record EnableAccount(String username, String reason, String actor) {

    public EnableAccount {
        Check.id("username", username);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
