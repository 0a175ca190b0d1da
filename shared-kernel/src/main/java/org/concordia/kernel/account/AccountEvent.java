package org.concordia.kernel.account;

import org.concordia.kernel.shared.ActorContext;

/**
 * Every event of a user account (21 CFR 11.10(d), 11.300; EU GMP Annex 11 §12): who changed whose account, how and
 * why. They belong to no collaboration: the feed shows them to administrators only, webhooks never deliver them, and
 * the audit chain covers them like every stored event. None carries a password, a hash or a token secret.
 */
public sealed interface AccountEvent
        permits UserAccountCreated, PasswordChanged, PasswordReset, AccountDisabled, AccountEnabled,
        AdministratorGranted, AdministratorRevoked, ApiTokenCreated, ApiTokenRevoked, SignInFailuresExceeded {

    /** The account the event is about. */
    String username();

    /** Who did it: the account holder, an administrator, or {@code system}. */
    ActorContext actor();
}
