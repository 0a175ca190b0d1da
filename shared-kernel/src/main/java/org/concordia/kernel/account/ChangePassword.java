package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Record that the holder changed their own password (the password itself never reaches the domain). */
public record ChangePassword(String username, String reason, String actor) {

    public ChangePassword {
        Check.id("username", username);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
        if (!actor.equals(username)) {
            throw new IllegalArgumentException("actor: only the account holder changes their own password");
        }
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
