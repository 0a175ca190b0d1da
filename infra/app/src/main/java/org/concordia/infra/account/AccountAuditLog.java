package org.concordia.infra.account;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.concordia.infra.security.UserAccounts;
import org.concordia.kernel.account.RecordApiTokenCreated;
import org.concordia.kernel.account.RecordApiTokenRevoked;
import org.concordia.kernel.account.RecordSignInFailuresExceeded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Records the account events that happen outside the account endpoints — API tokens created and revoked, sign-in
 * failures over the throttling threshold — as events of the account, in the hash-chained audit trail. Never give it
 * a token's secret or a password.
 */
@Component
public class AccountAuditLog {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.accounts");

    private final CommandGateway commands;
    private final UserAccounts users;

    AccountAuditLog(CommandGateway commands, UserAccounts users) {
        this.commands = commands;
        this.users = users;
    }

    /**
     * Call before the token is stored and shown: when this throws, create no token.
     *
     * @param owner     the account the token acts as
     * @param scope     e.g. {@code READ} or {@code READ_WRITE}
     * @param expiresAt null when it never expires
     * @param actor     who created it (the owner, for tokens made for oneself)
     * @throws org.concordia.kernel.shared.DomainRuleViolation ACCOUNT_DISABLED (409) for a disabled account
     * @throws org.axonframework.modelling.command.AggregateNotFoundException (404) for an unknown account
     */
    public void tokenCreated(String owner, String tokenId, String tokenName, String scope, Instant expiresAt,
                             String actor) {
        commands.sendAndWait(new RecordApiTokenCreated(owner, tokenId, tokenName, scope, expiresAt, null, actor));
    }

    /**
     * Call when a token is revoked (by its owner or an administrator); {@code reason} may be null.
     *
     * @throws org.axonframework.modelling.command.AggregateNotFoundException (404) for an unknown account
     */
    public void tokenRevoked(String owner, String tokenId, String actor, String reason) {
        commands.sendAndWait(new RecordApiTokenRevoked(owner, tokenId, reason, actor));
    }

    /**
     * Call once each time a throttle engages for an account (the threshold crossed), not per failed attempt. An
     * unknown username records nothing (an event per guessed name would let anyone fill the audit trail): it is
     * logged only. Never throws: a failure to record is logged and the sign-in is refused all the same.
     *
     * @param clientAddress the client's address, or null
     * @return whether an event was recorded
     */
    public boolean signInFailuresExceeded(String username, String clientAddress, int failures) {
        try {
            if (username == null || !users.exists(username)) {
                securityLog.warn("{} failed sign-ins for unknown user '{}' from {}", failures,
                                 String.valueOf(username).replaceAll("\\p{Cntrl}", "?"), clientAddress);
                return false;
            }
            commands.sendAndWait(new RecordSignInFailuresExceeded(username, clientAddress, Math.max(1, failures)));
            securityLog.warn("{} failed sign-ins for '{}' from {}: recorded", failures, username, clientAddress);
            return true;
        } catch (RuntimeException e) {
            securityLog.error("Could not record {} failed sign-ins for '{}'", failures, username, e);
            return false;
        }
    }
}
