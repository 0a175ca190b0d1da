package org.concordia.infra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Password sign-ins ({@code concordia.security.sign-in.*}): how failures are throttled, and how long a verified HTTP
 * Basic credential is remembered so that later requests skip bcrypt.
 *
 * @param accountThreshold    failed sign-ins of one account that lock it out (then each further one again, longer)
 * @param addressThreshold    failed sign-ins from one client address, whatever the account, that lock it out
 * @param firstDelay          the first lock-out; it doubles with every further failure
 * @param maxDelay            the longest lock-out
 * @param forgetAfter         a count untouched this long starts again from zero (at least {@code maxDelay})
 * @param cacheTtl            how long a verified Basic credential is remembered
 * @param cacheSize           how many verified Basic credentials are remembered at most (0: none, bcrypt always)
 */
@ConfigurationProperties("concordia.security.sign-in")
public record SignInProperties(@DefaultValue("5") int accountThreshold,
                               @DefaultValue("30") int addressThreshold,
                               @DefaultValue("1s") Duration firstDelay,
                               @DefaultValue("15m") Duration maxDelay,
                               @DefaultValue("1h") Duration forgetAfter,
                               @DefaultValue("5m") Duration cacheTtl,
                               @DefaultValue("10000") long cacheSize) {

    public SignInProperties {
        if (accountThreshold < 1 || addressThreshold < 1) {
            throw new IllegalArgumentException("concordia.security.sign-in.*-threshold must be at least 1");
        }
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("concordia.security.sign-in: need 0 < first-delay <= max-delay");
        }
        if (forgetAfter.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("concordia.security.sign-in.forget-after must be at least max-delay");
        }
        if (cacheSize < 0 || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("concordia.security.sign-in: cache-size and cache-ttl must not be negative");
        }
    }

    /**
     * The lock-out after {@code failures} failures of a subject locked out from {@code threshold} failures on:
     * none below it, then {@code firstDelay}, doubling with each further failure, up to {@code maxDelay}.
     */
    Duration delayAfter(long failures, int threshold) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        long doublings = Math.min(failures - threshold, 40);
        Duration delay = firstDelay;
        for (long i = 0; i < doublings && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
