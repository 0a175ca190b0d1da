package org.concordia.infra.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Turns a verified OpenID Connect bearer token into the authentication of its account here: the principal is a
 * stable name derived from the token's issuer and subject, the roles and the enabled flag those of the account.
 * Throws an {@link org.springframework.security.core.AuthenticationException} (401) for a disabled account.
 */
public interface BearerTokenAccounts {

    AbstractAuthenticationToken authenticate(Jwt token);
}
