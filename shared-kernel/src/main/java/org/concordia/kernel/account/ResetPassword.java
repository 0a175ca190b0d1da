package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Record that an administrator set a temporary password, to be changed at the next sign-in. */
public record ResetPassword(String username, boolean generated, String reason, String actor) {

    public ResetPassword {
        Check.id("username", username);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
