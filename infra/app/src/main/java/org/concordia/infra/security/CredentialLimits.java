package org.concordia.infra.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The rate limit of a caller's credential: each API token has its own allowance (its {@code requestsPerMinute}, or
 * the token default), an OIDC bearer user one as a session, an HTTP Basic user one as Basic. So a script's token
 * does not eat its owner's interactive allowance, and a busy integration gets a token sized for it.
 */
@Component
public class CredentialLimits {

    /** How a caller authenticated. */
    public enum Kind { BASIC, SESSION, TOKEN }

    /** @param key the allowance's identity: kind and user, or the token's id */
    public record Limit(Kind kind, String key, long requestsPerMinute) {
    }

    private final RateLimitProperties properties;

    CredentialLimits(RateLimitProperties properties) {
        this.properties = properties;
    }

    public Limit of(Authentication caller) {
        if (caller instanceof ApiTokenAuthentication token) {
            long perMinute = token.requestsPerMinute() != null ? token.requestsPerMinute()
                                                               : properties.tokenRequestsPerMinute();
            return new Limit(Kind.TOKEN, "token:" + token.tokenId(), perMinute);
        }
        if (caller instanceof AbstractOAuth2TokenAuthenticationToken<?>) {
            return new Limit(Kind.SESSION, "session:" + caller.getName(), properties.session());
        }
        return new Limit(Kind.BASIC, "basic:" + caller.getName(), properties.basic());
    }

    /** The most a token may ask for itself. */
    public long tokenMaxRequestsPerMinute() {
        return properties.tokenMaxRequestsPerMinute();
    }
}
