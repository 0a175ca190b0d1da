package org.concordia.kernel.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Create an account. {@code issuer}/{@code subject}: both set for an OpenID Connect user (no password), both null
 * for a password account of the built-in store. The reason is optional.
 */
public record CreateUserAccount(String username, String displayName, boolean administrator,
                                boolean mustChangePassword,
                                String issuer, String subject, String reason, String actor) {

    public CreateUserAccount {
        Check.id("username", username);
        Check.text("displayName", displayName, Check.NAME_MAX);
        if ((issuer == null) != (subject == null)) {
            throw new IllegalArgumentException("issuer: issuer and subject go together");
        }
        Check.optionalText("issuer", issuer, Check.TEXT_MAX);
        Check.optionalText("subject", subject, Check.NAME_MAX);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }

    @TargetAggregateIdentifier
    public String accountId() {
        return UserAccountId.of(username);
    }
}
