package org.concordia.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * First in the chain, before security and every other filter: a path that is not written canonically is refused
 * with 400, so that no check further on — a security rule, a filter keyed on the path, the routing — can read the
 * same path differently from another. Canonical: no percent-encoding of characters that mean the same unencoded
 * (letters, digits, {@code -._~}) or that split a path ({@code / \ ; %}), no {@code ;} parameters, no empty or dot
 * segments, no backslashes; under /api also exactly lower-case {@code /api/} and no trailing slash.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CanonicalPathFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    CanonicalPathFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = RequestPaths.pathWithinApplication(request);
        Optional<String> refusal = RequestPaths.refusal(path).or(() -> apiRefusal(request, path));
        if (refusal.isPresent()) {
            problems.write(response, HttpStatus.BAD_REQUEST, "Non-canonical path",
                           "The request path is not in canonical form: " + refusal.get()
                           + ". Send the path exactly as documented, e.g. /api/v1/collaborations.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static Optional<String> apiRefusal(HttpServletRequest request, String path) {
        if (!RequestPaths.isApi(request)) {
            return Optional.empty();
        }
        if (!path.startsWith("/api/")) {
            return Optional.of("API paths start with /api/ in lower case");
        }
        if (path.endsWith("/")) {
            return Optional.of("API paths have no trailing slash");
        }
        return Optional.empty();
    }
}
