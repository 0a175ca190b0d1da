package org.concordia.infra.security;

import java.time.Instant;

/**
 * Told when failed sign-ins lock an account or a client address out: at the failure that crosses the threshold and
 * at each later failure that extends the lock-out (at most one per lock-out window, as attempts while locked are
 * refused unchecked). Every bean of this type is called, on the request's thread; an exception it throws is logged
 * and ignored, so recording can never open or shut the door.
 */
public interface SignInFailureListener {

    void lockedOut(SignInLockout lockout);

    /**
     * @param subject     what is locked: the account or the client address
     * @param username    the account the failed attempt named (also for an address lock-out)
     * @param address     the client address of the failed attempt (null if unknown)
     * @param failures    failures counted for the subject so far
     * @param lockedUntil until when every sign-in of the subject is refused (429)
     */
    record SignInLockout(Subject subject, String username, String address, long failures, Instant lockedUntil) {
    }

    enum Subject { ACCOUNT, ADDRESS }
}
