package org.concordia.infra.api.http;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.web.ProblemResponses;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user rate limit (429 with {@code Retry-After}) and a 1 MiB cap on request bodies (413), both before any
 * controller runs. Limits are per node: with several nodes a user gets each node's allowance.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 20)
class RequestLimitsFilter extends OncePerRequestFilter {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ProblemResponses problems;
    private final long requestsPerMinute;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RequestLimitsFilter(ProblemResponses problems,
                        @Value("${concordia.rate-limit.requests-per-minute:1200}") long requestsPerMinute) {
        this.problems = problems;
        this.requestsPerMinute = requestsPerMinute;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.isAuthenticated()) {
            Bucket bucket = buckets.computeIfAbsent(caller.getName(), user -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(requestsPerMinute)
                                       .refillGreedy(requestsPerMinute, Duration.ofMinutes(1)).build())
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
