package org.concordia.infra.account;

import org.concordia.infra.security.ApiTokenListener;
import org.concordia.infra.security.ApiTokens;
import org.concordia.infra.security.SignInFailureListener;
import org.springframework.stereotype.Component;

/**
 * Puts what the front door decides about credentials into the audit trail (21 CFR 11.10(e)): tokens created and
 * revoked, and every account lock-out after repeated failed sign-ins. Address lock-outs name the account the last
 * attempt used, so they are recorded on that account too (unknown names record nothing, see
 * {@link AccountAuditLog#signInFailuresExceeded}).
 */
@Component
class AccountEventsRecorder implements ApiTokenListener, SignInFailureListener {

    private final AccountAuditLog audit;

    AccountEventsRecorder(AccountAuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void created(String owner, ApiTokens.TokenInfo token) {
        audit.tokenCreated(owner, token.id(), token.name(), token.scope().name(), token.expiresAt(), owner);
    }

    @Override
    public void revoked(String owner, ApiTokens.TokenInfo token) {
        audit.tokenRevoked(owner, token.id(), owner, null);
    }

    @Override
    public void lockedOut(SignInLockout lockout) {
        audit.signInFailuresExceeded(lockout.username(), lockout.address(),
                                     (int) Math.min(Integer.MAX_VALUE, lockout.failures()));
    }
}
