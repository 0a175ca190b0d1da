package org.concordia.infra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Requests per minute per credential ({@code concordia.rate-limit.*}), on all nodes together ({@link SharedRateLimits}).
 *
 * @param requestsPerMinute          the default of the two kinds below when they are not set
 * @param basicRequestsPerMinute     per user signing in with HTTP Basic
 * @param sessionRequestsPerMinute   per user presenting an OIDC bearer token (a login session at the identity
 *                                   provider)
 * @param tokenRequestsPerMinute     per API token that does not set its own {@code requestsPerMinute}
 * @param tokenMaxRequestsPerMinute  the most a token may set for itself
 */
@ConfigurationProperties("concordia.rate-limit")
public record RateLimitProperties(@DefaultValue("1200") long requestsPerMinute,
                                  Long basicRequestsPerMinute,
                                  Long sessionRequestsPerMinute,
                                  @DefaultValue("6000") long tokenRequestsPerMinute,
                                  @DefaultValue("60000") long tokenMaxRequestsPerMinute) {

    public long basic() {
        return basicRequestsPerMinute != null ? basicRequestsPerMinute : requestsPerMinute;
    }

    public long session() {
        return sessionRequestsPerMinute != null ? sessionRequestsPerMinute : requestsPerMinute;
    }
}
