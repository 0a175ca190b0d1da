package org.concordia.infra.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialLimitsTest {

    static final List<SimpleGrantedAuthority> USER = List.of(new SimpleGrantedAuthority("ROLE_USER"));
    final CredentialLimits limits = new CredentialLimits(new RateLimitProperties(1200, 600L, null, 6000, 60000));

    @Test
    void basicSessionAndTokenCallersOfOneUserDrawOnSeparateAllowances() {
        CredentialLimits.Limit basic = limits.of(UsernamePasswordAuthenticationToken.authenticated("ann", null, USER));
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("ann").issuedAt(Instant.EPOCH)
                     .expiresAt(Instant.EPOCH.plusSeconds(60)).build();
        CredentialLimits.Limit session = limits.of(new JwtAuthenticationToken(jwt, USER, "ann"));
        CredentialLimits.Limit token = limits.of(new ApiTokenAuthentication("ann", "t1", ApiTokens.Scope.READ, null, USER));
        CredentialLimits.Limit sized = limits.of(new ApiTokenAuthentication("ann", "t2", ApiTokens.Scope.READ, 30, USER));

        assertThat(basic).isEqualTo(new CredentialLimits.Limit(CredentialLimits.Kind.BASIC, "basic:ann", 600));
        assertThat(session).isEqualTo(new CredentialLimits.Limit(CredentialLimits.Kind.SESSION, "session:ann", 1200));
        assertThat(token).isEqualTo(new CredentialLimits.Limit(CredentialLimits.Kind.TOKEN, "token:t1", 6000));
        assertThat(sized).isEqualTo(new CredentialLimits.Limit(CredentialLimits.Kind.TOKEN, "token:t2", 30));
    }
}
