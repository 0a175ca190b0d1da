package org.concordia.infra.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Records every lock-out in the security log (never a password). */
@Component
class LoggingSignInFailureListener implements SignInFailureListener {

    private static final Logger securityLog = LoggerFactory.getLogger("org.concordia.security.sign-in");

    @Override
    public void lockedOut(SignInLockout lockout) {
        securityLog.warn("Sign-in locked for {} {} until {} after {} failed sign-ins (last: user '{}' from {})",
                         lockout.subject() == SignInFailureListener.Subject.ACCOUNT ? "account" : "address",
                         lockout.subject() == SignInFailureListener.Subject.ACCOUNT ? lockout.username()
                                                                                     : lockout.address(),
                         lockout.lockedUntil(), lockout.failures(), lockout.username(), lockout.address());
    }
}
