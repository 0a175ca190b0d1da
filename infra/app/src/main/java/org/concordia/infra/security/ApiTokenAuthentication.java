package org.concordia.infra.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

import java.util.Collection;

/** A request authenticated by an API token, acting as the token's owner within the token's scope. */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final String owner;
    private final String tokenId;
    private final ApiTokens.Scope scope;
    private final Integer requestsPerMinute;

    ApiTokenAuthentication(String owner, String tokenId, ApiTokens.Scope scope, Integer requestsPerMinute,
                           Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.owner = owner;
        this.tokenId = tokenId;
        this.scope = scope;
        this.requestsPerMinute = requestsPerMinute;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null; // the secret is never kept
    }

    @Override
    public Object getPrincipal() {
        return owner;
    }

    public String tokenId() {
        return tokenId;
    }

    public ApiTokens.Scope scope() {
        return scope;
    }

    /** The token's own rate limit, or null for the default. */
    public Integer requestsPerMinute() {
        return requestsPerMinute;
    }
}
