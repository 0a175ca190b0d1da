package org.concordia.infra.api.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.security.CredentialLimits;
import org.concordia.infra.security.SharedRateLimits;
import org.concordia.infra.web.CachedBodyRequest;
import org.concordia.infra.web.ProblemResponses;
import org.concordia.infra.web.RequestPaths;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;

/**
 * Rate limit per credential (429 with {@code Retry-After}; see {@link CredentialLimits}: each API token, and each
 * user per kind of sign-in, has its own allowance) and a 1 MiB cap on request bodies (413), both before any
 * controller runs. Limits hold across nodes: they are counted in MongoDB, in batches ({@link SharedRateLimits}).
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class RequestLimitsFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ProblemResponses problems;
    private final CredentialLimits limits;
    private final SharedRateLimits rateLimits;

    RequestLimitsFilter(ProblemResponses problems, CredentialLimits limits, SharedRateLimits rateLimits) {
        this.problems = problems;
        this.limits = limits;
        this.rateLimits = rateLimits;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.isApi(request); // however the path is spelled
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.isAuthenticated()) {
            CredentialLimits.Limit limit = limits.of(caller);
            SharedRateLimits.Decision decision = rateLimits.tryConsume(limit.key(), limit.requestsPerMinute());
            if (!decision.admitted()) {
                long seconds = decision.retryAfterSeconds();
                response.setHeader("Retry-After", Long.toString(seconds));
                problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                               "Slow down: try again in " + seconds + " s.");
                return;
            }
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            tooLarge(response);
            return;
        }
        if (hasBody(request)) {
            byte[] body = readAtMost(request.getInputStream(), MAX_BODY_BYTES);
            if (body == null) {
                tooLarge(response);
                return;
            }
            request = new CachedBodyRequest(request, body);
        }
        chain.doFilter(request, response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Request too large",
                       "Request bodies are limited to 1 MiB.");
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    /** The whole body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }
}
