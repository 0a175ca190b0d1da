package org.concordia.infra.security;

import org.springframework.security.core.AuthenticationException;

import java.time.Duration;

/** A sign-in refused unchecked because its account or client address is locked out: 429 with Retry-After. */
public final class SignInThrottled extends AuthenticationException {

    private final Duration retryAfter;

    SignInThrottled(Duration retryAfter) {
        super("too many failed sign-ins; try again later");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds to wait, at least 1 (for {@code Retry-After}). */
    public long retryAfterSeconds() {
        long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
