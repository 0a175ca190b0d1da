package org.concordia.infra.api.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.security.CredentialLimits;
import org.concordia.infra.web.CachedBodyRequest;
import org.concordia.infra.web.ProblemResponses;
import org.concordia.infra.web.RequestPaths;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Rate limit per credential (429 with {@code Retry-After}; see {@link CredentialLimits}: each API token, and each
 * user per kind of sign-in, has its own allowance) and a 1 MiB cap on request bodies (413), both before any
 * controller runs. Limits are per node: with several nodes a credential gets each node's allowance.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class RequestLimitsFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ProblemResponses problems;
    private final CredentialLimits limits;
    /** An allowance idle for 2 minutes is full again (it refills within 1), so forgetting it changes nothing. */
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();

    RequestLimitsFilter(ProblemResponses problems, CredentialLimits limits) {
        this.problems = problems;
        this.limits = limits;
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
            Bucket bucket = buckets.get(limit.key(), key -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(limit.requestsPerMinute())
                                       .refillGreedy(limit.requestsPerMinute(), Duration.ofMinutes(1)).build())
                    .build());
            ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
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
