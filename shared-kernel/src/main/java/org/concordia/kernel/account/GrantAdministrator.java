package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Make an account an administrator. */
public record GrantAdministrator(String username, String reason, String actor) {

    public GrantAdministrator {
        Check.id("username", username);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
