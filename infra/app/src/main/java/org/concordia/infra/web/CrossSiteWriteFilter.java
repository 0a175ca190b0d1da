package org.concordia.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * No cross-site writes to the API. A browser that holds Basic credentials (or a session) for this server sends them
 * along with a form posted from any other site, and with a {@code fetch} that needs no CORS preflight. Both are
 * recognisable before anything runs: such a request can only carry a form content type
 * ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}) — refused with 415,
 * the API takes JSON — and browsers mark it with an {@code Origin} that is not this server's — refused with 403
 * unless listed in {@code concordia.http.allowed-origins}. Reads are left alone (without CORS headers a foreign page
 * cannot read the answer), and so are clients that send no {@code Origin}, such as scripts and integrations.
 * <p>
 * Behind a proxy that terminates TLS or rewrites {@code Host}, set {@code server.forward-headers-strategy} so that
 * this server knows its own origin, or list the public origin.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CrossSiteWriteFilter extends OncePerRequestFilter {

    /** What a page can send to another site without a CORS preflight (the CORS-safelisted request types). */
    private static final Set<String> FORM_TYPES = Set.of("application/x-www-form-urlencoded", "multipart/form-data",
                                                         "text/plain");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ProblemResponses problems;
    private final Set<String> allowedOrigins;

    CrossSiteWriteFilter(ProblemResponses problems,
                         @Value("${concordia.http.allowed-origins:}") List<String> allowedOrigins) {
        this.problems = problems;
        this.allowedOrigins = allowedOrigins.stream().filter(o -> !o.isBlank())
                .map(o -> origin(o.trim()).orElseThrow(() -> new IllegalArgumentException(
                        "concordia.http.allowed-origins: '" + o + "' is not an origin such as https://host:port")))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return SAFE_METHODS.contains(request.getMethod()) || !RequestPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && FORM_TYPES.contains(essence(contentType))) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                           "The API takes JSON (application/json). Form and text bodies are refused: they are what "
                           + "another site's page can make a browser send. Nothing was recorded.");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !fromHere(request, origin)) {
            problems.write(response, HttpStatus.FORBIDDEN, "Cross-site request refused",
                           "A write from the page of another origin (" + origin + ") is refused; allow an origin "
                           + "with concordia.http.allowed-origins. Nothing was recorded.");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean fromHere(HttpServletRequest request, String originHeader) {
        Optional<String> origin = origin(originHeader); // "null" (sandboxed or privacy-hidden) is no origin: refused
        if (origin.isEmpty()) {
            return false;
        }
        String own = request.getScheme().toLowerCase(Locale.ROOT) + "://"
                     + request.getServerName().toLowerCase(Locale.ROOT) + ":"
                     + port(request.getScheme(), request.getServerPort());
        return origin.get().equals(own) || allowedOrigins.contains(origin.get());
    }

    /** {@code scheme://host:port}, lower case with the port explicit; empty when it is not a web origin. */
    static Optional<String> origin(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getHost() == null || !(scheme.equalsIgnoreCase("http")
                                                             || scheme.equalsIgnoreCase("https"))
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":"
                               + port(scheme, uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(String scheme, int port) {
        return port >= 0 ? port : scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    /** "Text/Plain; charset=UTF-8" → "text/plain". */
    private static String essence(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
