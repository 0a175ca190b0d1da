package org.concordia.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.concordia.kernel.account.AccountDisabled;
import org.concordia.kernel.account.AccountEnabled;
import org.concordia.kernel.account.AdministratorGranted;
import org.concordia.kernel.account.AdministratorRevoked;
import org.concordia.kernel.account.ApiTokenCreated;
import org.concordia.kernel.account.ApiTokenRevoked;
import org.concordia.kernel.account.ChangePassword;
import org.concordia.kernel.account.CreateUserAccount;
import org.concordia.kernel.account.DisableAccount;
import org.concordia.kernel.account.EnableAccount;
import org.concordia.kernel.account.GrantAdministrator;
import org.concordia.kernel.account.PasswordChanged;
import org.concordia.kernel.account.PasswordReset;
import org.concordia.kernel.account.RecordApiTokenCreated;
import org.concordia.kernel.account.RecordApiTokenRevoked;
import org.concordia.kernel.account.RecordSignInFailuresExceeded;
import org.concordia.kernel.account.ResetPassword;
import org.concordia.kernel.account.RevokeAdministrator;
import org.concordia.kernel.account.SignInFailuresExceeded;
import org.concordia.kernel.account.UserAccountCreated;
import org.concordia.kernel.account.UserAccountId;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;

/**
 * A user account, keyed {@code account:<username>}: the record of who created it, changed or reset its password,
 * disabled or enabled it, made it an administrator, and of its API tokens and throttled sign-ins. It holds no secret:
 * password hashes stay in the credential store, which infra updates after each event here is recorded. Its rules keep
 * the account's state consistent and an administrator from locking themselves out (so one always remains).
 */
public class UserAccount {

    @AggregateIdentifier
    private String accountId;
    private String username;
    private boolean passwordAccount;
    private boolean enabled;
    private boolean administrator;

    UserAccount() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateUserAccount command) {
        if (accountId != null) {
            throw new DomainRuleViolation(DomainRule.USERNAME_TAKEN, "the username " + command.username()
                                                                     + " is taken");
        }
        apply(new UserAccountCreated(command.username(), command.displayName(), command.administrator(),
                command.mustChangePassword(), command.issuer(), command.subject(), command.reason(),
                actor(command.actor())));
    }

    @CommandHandler
    void handle(ChangePassword command) {
        requirePasswordAccount();
        requireEnabled();
        apply(new PasswordChanged(username, command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(ResetPassword command) {
        requirePasswordAccount();
        apply(new PasswordReset(username, command.generated(), command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(DisableAccount command) {
        requireNotOwnAccess(command.actor(), "disable");
        if (!enabled) {
            throw new DomainRuleViolation(DomainRule.ACCOUNT_ALREADY_DISABLED, username + " is already disabled");
        }
        apply(new AccountDisabled(username, command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(EnableAccount command) {
        if (enabled) {
            throw new DomainRuleViolation(DomainRule.ACCOUNT_ALREADY_ENABLED, username + " is already enabled");
        }
        apply(new AccountEnabled(username, command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(GrantAdministrator command) {
        if (administrator) {
            throw new DomainRuleViolation(DomainRule.ALREADY_ADMINISTRATOR, username + " is already an administrator");
        }
        apply(new AdministratorGranted(username, command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(RevokeAdministrator command) {
        requireNotOwnAccess(command.actor(), "revoke the administrator role of");
        if (!administrator) {
            throw new DomainRuleViolation(DomainRule.NOT_AN_ADMINISTRATOR, username + " is not an administrator");
        }
        apply(new AdministratorRevoked(username, command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(RecordApiTokenCreated command) {
        requireEnabled();
        apply(new ApiTokenCreated(username, command.tokenId(), command.tokenName(), command.scope(),
                command.expiresAt(), command.reason(), actor(command.actor())));
    }

    /** Always recorded, also for a disabled account: revoking is never refused. */
    @CommandHandler
    void handle(RecordApiTokenRevoked command) {
        apply(new ApiTokenRevoked(username, command.tokenId(), command.reason(), actor(command.actor())));
    }

    @CommandHandler
    void handle(RecordSignInFailuresExceeded command) {
        apply(new SignInFailuresExceeded(username, command.clientAddress(), command.failures(), ActorContext.SYSTEM));
    }

    // ---------------------------------------------------------------- rules

    private void requireEnabled() {
        if (!enabled) {
            throw new DomainRuleViolation(DomainRule.ACCOUNT_DISABLED, username + " is disabled");
        }
    }

    private void requirePasswordAccount() {
        if (!passwordAccount) {
            throw new DomainRuleViolation(DomainRule.NOT_A_PASSWORD_ACCOUNT,
                    username + " signs in through an OpenID Connect provider and has no password here");
        }
    }

    /** An administrator who could disable or demote themselves could leave the system without one. */
    private void requireNotOwnAccess(String actor, String act) {
        if (username.equals(actor)) {
            throw new DomainRuleViolation(DomainRule.OWN_ACCESS_UNCHANGEABLE,
                    "an administrator cannot " + act + " their own account; another administrator can");
        }
    }

    private static ActorContext actor(String username) {
        return new ActorContext(username, null, Set.of());
    }

    // ---------------------------------------------------------------- state

    @EventSourcingHandler
    void on(UserAccountCreated event) {
        accountId = UserAccountId.of(event.username());
        username = event.username();
        passwordAccount = event.issuer() == null;
        enabled = true;
        administrator = event.administrator();
    }

    @EventSourcingHandler
    void on(AccountDisabled event) {
        enabled = false;
    }

    @EventSourcingHandler
    void on(AccountEnabled event) {
        enabled = true;
    }

    @EventSourcingHandler
    void on(AdministratorGranted event) {
        administrator = true;
    }

    @EventSourcingHandler
    void on(AdministratorRevoked event) {
        administrator = false;
    }
}
