package org.concordia.infra.account;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.account.ChangePassword;
import org.concordia.kernel.account.CreateUserAccount;
import org.concordia.kernel.account.DisableAccount;
import org.concordia.kernel.account.EnableAccount;
import org.concordia.kernel.account.GrantAdministrator;
import org.concordia.kernel.account.ResetPassword;
import org.concordia.kernel.account.RevokeAdministrator;
import org.concordia.kernel.account.UserAccountId;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every change to an account, in one order: check the input (password rules: 400), record the account event through
 * the {@code UserAccount} aggregate (its rules: 409; unknown account: 404) — so nothing changes without a trace —
 * then apply the change to the credential store that authentication reads. Should that last write fail (500), the
 * event stands and repeating the request completes it: a refusal as "already so" brings the store in line first.
 */
@Service
public class AccountService {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.accounts");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CommandGateway commands;
    private final UserAccounts users;
    private final PasswordPolicy policy;
    private final long maxWrongPasswords;
    private final Duration wrongPasswordWindow;
    private final Map<String, Bucket> wrongCurrentPasswords = new ConcurrentHashMap<>();

    AccountService(CommandGateway commands, UserAccounts users, PasswordPolicy policy,
                   @Value("${concordia.signatures.max-failures:5}") long maxWrongPasswords,
                   @Value("${concordia.signatures.failure-window:PT15M}") Duration wrongPasswordWindow) {
        this.commands = commands;
        this.users = users;
        this.policy = policy;
        this.maxWrongPasswords = maxWrongPasswords;
        this.wrongPasswordWindow = wrongPasswordWindow;
    }

    /**
     * A password account of the built-in store. Reserved names are refused (400) unless {@code system} creates them
     * (the bootstrap administrator).
     */
    public void createPasswordAccount(String username, String displayName, String password, boolean admin,
                                      boolean mustChangePassword, String reason, String actor) {
        if (!ActorContext.SYSTEM_USERNAME.equals(actor) && UserAccountId.isReserved(username)) {
            throw new IllegalArgumentException("username: is reserved (" + String.join(", ",
                    UserAccountId.RESERVED_USERNAMES.stream().sorted().toList()) + ")");
        }
        requireAcceptable("password", password, username);
        if (users.exists(username)) {
            throw taken(username);
        }
        try {
            commands.sendAndWait(new CreateUserAccount(username, displayName, admin, mustChangePassword, null, null,
                                                       reason, actor));
        } catch (DomainRuleViolation v) {
            if (v.rule() != DomainRule.USERNAME_TAKEN || users.exists(username)) {
                throw v;
            }
            // recorded by an earlier attempt whose write to the store failed: this one completes it
        }
        if (!users.insert(username, displayName, password, admin, mustChangePassword, null, null)) {
            throw taken(username);
        }
        securityLog.info("Account '{}' created by '{}'", username, actor);
    }

    /** The account of an OpenID Connect user, created at their first sign-in (by {@code system}). */
    public UserAccounts.Account provisionOidcAccount(String username, String displayName, String issuer,
                                                     String subject) {
        try {
            commands.sendAndWait(new CreateUserAccount(username, displayName, false, false, issuer, subject,
                    "first sign-in with a token of " + issuer, ActorContext.SYSTEM_USERNAME));
            securityLog.info("Account '{}' created at its first sign-in through {}", username, issuer);
        } catch (AggregateStreamCreationException concurrentFirstSignIn) {
            // another request of the same user recorded it a moment ago
        } catch (DomainRuleViolation v) {
            if (v.rule() != DomainRule.USERNAME_TAKEN) {
                throw v;
            }
        }
        users.insert(username, displayName, null, false, false, issuer, subject);
        return users.find(username).orElseThrow();
    }

    /** The holder changes their own password, re-entering the current one (throttled like signatures). */
    public void changePassword(String username, String currentPassword, String newPassword) {
        UserAccounts.Account account = users.find(username).orElseThrow(NotFound::new);
        if (!account.passwordAccount()) {
            throw new DomainRuleViolation(DomainRule.NOT_A_PASSWORD_ACCOUNT,
                    username + " signs in through an OpenID Connect provider; change the password there");
        }
        Bucket allowance = wrongCurrentPasswords.computeIfAbsent(username, user -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(maxWrongPasswords)
                                   .refillGreedy(maxWrongPasswords, wrongPasswordWindow).build())
                .build());
        if (allowance.getAvailableTokens() < 1) {
            securityLog.warn("Password change locked for '{}' after repeated wrong current passwords", username);
            throw CurrentPasswordRefused.locked(Duration.ofNanos(
                    allowance.estimateAbilityToConsume(1).getNanosToWaitForRefill()));
        }
        if (!users.passwordMatches(username, currentPassword)) {
            allowance.tryConsume(1);
            securityLog.warn("Password change refused for '{}': wrong current password", username);
            throw CurrentPasswordRefused.wrong();
        }
        if (newPassword.equals(currentPassword)) {
            throw PasswordRefused.of("newPassword", "PASSWORD_UNCHANGED", "must differ from the current password");
        }
        requireAcceptable("newPassword", newPassword, username);
        commands.sendAndWait(new ChangePassword(username, null, username));
        users.setPassword(username, newPassword, false);
        securityLog.info("Password of '{}' changed by its holder", username);
    }

    /**
     * An administrator sets a temporary password, to be changed at the next sign-in; without one a password is
     * generated.
     *
     * @return the generated password, to be shown once; null when the administrator chose it
     */
    public String resetPassword(String username, String temporaryPassword, String reason, String actor) {
        users.find(username).orElseThrow(NotFound::new);
        boolean generated = temporaryPassword == null;
        String password = generated ? generatePassword(username) : temporaryPassword;
        if (!generated) {
            requireAcceptable("temporaryPassword", password, username);
        }
        commands.sendAndWait(new ResetPassword(username, generated, reason, actor));
        users.setPassword(username, password, true);
        securityLog.info("Password of '{}' reset by '{}'", username, actor);
        return generated ? password : null;
    }

    public void disable(String username, String reason, String actor) {
        record(new DisableAccount(username, reason, actor), DomainRule.ACCOUNT_ALREADY_DISABLED,
               () -> users.setEnabled(username, false));
        securityLog.info("Account '{}' disabled by '{}'", username, actor);
    }

    public void enable(String username, String reason, String actor) {
        record(new EnableAccount(username, reason, actor), DomainRule.ACCOUNT_ALREADY_ENABLED,
               () -> users.setEnabled(username, true));
        securityLog.info("Account '{}' enabled by '{}'", username, actor);
    }

    public void setAdministrator(String username, boolean grant, String reason, String actor) {
        if (grant) {
            record(new GrantAdministrator(username, reason, actor), DomainRule.ALREADY_ADMINISTRATOR,
                   () -> users.setAdmin(username, true));
        } else {
            record(new RevokeAdministrator(username, reason, actor), DomainRule.NOT_AN_ADMINISTRATOR,
                   () -> users.setAdmin(username, false));
        }
        securityLog.info("Administrator role of '{}' {} by '{}'", username, grant ? "granted" : "revoked", actor);
    }

    /**
     * Accounts stored before account events existed get their {@code UserAccountCreated}, recorded by
     * {@code system} with the reason saying so; run at start, before anyone signs in.
     */
    public void recordEarlierAccounts() {
        for (UserAccounts.Account account : users.unrecorded()) {
            try {
                commands.sendAndWait(new CreateUserAccount(account.username(), account.displayName(),
                        account.admin(), false, account.issuer(), account.subject(),
                        "recorded at upgrade: the account existed before account events were recorded (created "
                        + account.createdAt() + ")", ActorContext.SYSTEM_USERNAME));
            } catch (AggregateStreamCreationException alreadyRecorded) {
                // recorded by an earlier start that stopped before marking it
            } catch (DomainRuleViolation v) {
                if (v.rule() != DomainRule.USERNAME_TAKEN) {
                    throw v;
                }
            }
            users.markRecorded(account.username());
        }
    }

    public List<UserAccounts.Account> list() {
        return users.list();
    }

    public boolean exists(String username) {
        return users.exists(username);
    }

    public UserAccounts.Account find(String username) {
        return users.find(username).orElseThrow(NotFound::new);
    }

    /** 20 characters from 55 (over 115 bits): never on a list, never the username. */
    public String generatePassword(String username) {
        while (true) {
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            if (policy.check(password.toString(), username).isEmpty()) {
                return password.toString();
            }
        }
    }

    /** 400 naming {@code field} and every rule the password breaks. */
    public void requireAcceptable(String field, String password, String username) {
        if (password == null || password.isEmpty()) {
            throw PasswordRefused.of(field, "PASSWORD_REQUIRED", "must not be empty");
        }
        List<PasswordPolicy.Violation> violations = policy.check(password, username);
        if (!violations.isEmpty()) {
            throw new PasswordRefused(field, violations);
        }
    }

    /** The event first; the store after it, also when the account already is so (a repeated request completes). */
    private void record(Object command, DomainRule alreadySo, Runnable applyToStore) {
        try {
            commands.sendAndWait(command);
        } catch (DomainRuleViolation v) {
            if (v.rule() == alreadySo) {
                applyToStore.run();
            }
            throw v;
        }
        applyToStore.run();
    }

    private static DomainRuleViolation taken(String username) {
        return new DomainRuleViolation(DomainRule.USERNAME_TAKEN, "the username " + username + " is taken");
    }
}
