package org.concordia.infra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * API tokens ({@code concordia.security.tokens.*}).
 *
 * @param maxLifetime the longest expiry a token may be given
 * @param maxPerUser  unexpired tokens one user may hold
 */
@ConfigurationProperties("concordia.security.tokens")
public record ApiTokenProperties(@DefaultValue("P366D") Duration maxLifetime,
                                 @DefaultValue("50") int maxPerUser) {
}
