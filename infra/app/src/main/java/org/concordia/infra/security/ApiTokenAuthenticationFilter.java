package org.concordia.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code Authorization: Bearer cct_…}: authenticates the request as the API token's owner (two {@code _id} lookups:
 * the token by its hash, the owner's account), or refuses it — 401 for an unknown, revoked or expired token or a
 * disabled, locked or expired account (checked on every request, so disabling an account stops its tokens at once),
 * 403 for a READ token asking for anything but GET or HEAD. Other bearer credentials (OIDC JWTs) pass through.
 */
final class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

    private final ApiTokens tokens;
    private final UserDetailsService users;
    private final ProblemResponses problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenAuthenticationFilter(ApiTokens tokens, UserDetailsService users, ProblemResponses problems) {
        this.tokens = tokens;
        this.users = users;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        String presented = header.substring(BEARER.length()).trim();
        if (!ApiTokens.isApiToken(presented)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.ValidToken> token = tokens.resolve(presented);
        if (token.isEmpty()) {
            refuse(response, "The API token is unknown, revoked or expired.");
            return;
        }
        UserDetails owner;
        try {
            owner = users.loadUserByUsername(token.get().owner());
        } catch (UsernameNotFoundException gone) {
            refuse(response, "The API token's account no longer exists.");
            return;
        }
        if (!owner.isEnabled() || !owner.isAccountNonLocked() || !owner.isAccountNonExpired()) {
            refuse(response, "The API token's account is disabled.");
            return;
        }
        if (token.get().scope() == ApiTokens.Scope.READ && !READ_METHODS.contains(request.getMethod())) {
            problems.write(response, HttpStatus.FORBIDDEN, "Forbidden",
                           "This API token has scope READ: it may only read (GET, HEAD).");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(owner.getUsername(), token.get().id(),
                                                             token.get().scope(), token.get().requestsPerMinute(),
                                                             owner.getAuthorities()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required", detail);
    }
}
