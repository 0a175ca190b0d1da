package org.concordia.infra.security;

/**
 * Told when a user creates or revokes one of their API tokens (after it took effect), e.g. to record it in the
 * audit trail. Every bean of this type is called on the request's thread; an exception it throws is logged and
 * ignored.
 */
public interface ApiTokenListener {

    void created(String owner, ApiTokens.TokenInfo token);

    void revoked(String owner, ApiTokens.TokenInfo token);
}
