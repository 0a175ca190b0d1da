package org.concordia.infra.account;

import org.concordia.infra.security.UserAccounts;

import java.time.Instant;

/**
 * An account as administrators and its holder see it. {@code signsInWith}: {@code PASSWORD} (the built-in store) or
 * {@code OIDC} (then {@code issuer} names the identity provider).
 */
record AccountView(String username, String displayName, boolean admin, boolean enabled, boolean mustChangePassword,
                   String signsInWith, String issuer, Instant createdAt, Instant passwordChangedAt) {

    static AccountView of(UserAccounts.Account account) {
        return new AccountView(account.username(), account.displayName(), account.admin(), account.enabled(),
                               account.mustChangePassword(), account.passwordAccount() ? "PASSWORD" : "OIDC",
                               account.issuer(), account.createdAt(), account.passwordChangedAt());
    }
}
