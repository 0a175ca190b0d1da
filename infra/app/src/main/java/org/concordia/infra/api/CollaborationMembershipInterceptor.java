package org.concordia.infra.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.web.NotFound;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Anything inside a collaboration answers 404 to a caller who is not a member, before the request body is even
 * read: an outsider cannot tell an invalid request to a hidden collaboration from one to none at all.
 * ({@code GET /collaborations/{cid}} checks for itself, after waiting for {@code minVersion}.)
 * <p>
 * Decided on the route Spring MVC resolved and its decoded path variables, never on the request URI: however the
 * path is spelled, the handler that runs is the one checked.
 */
@Configuration(proxyBeanMethods = false)
class CollaborationMembershipInterceptor implements WebMvcConfigurer {

    /** A route under one collaboration, beyond the collaboration itself; group 1 names its id's variable. */
    private static final Pattern INSIDE_COLLABORATION = Pattern.compile("^/api/v1/collaborations/\\{([^}:]+)[^}]*}/.+");

    private final ApiSupport api;

    CollaborationMembershipInterceptor(ApiSupport api) {
        this.api = api;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // no path patterns: every handler is looked at, so no spelling can slip past a pattern
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                collaborationOf(request).ifPresent(collaborationId -> {
                    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                    api.requireMember(collaborationId, caller == null ? "" : caller.getName());
                });
                return true;
            }
        });
    }

    /** The decoded id of the collaboration the resolved route is inside of; empty for routes outside one. */
    static Optional<String> collaborationOf(HttpServletRequest request) {
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (route == null) {
            return Optional.empty();
        }
        Matcher inside = INSIDE_COLLABORATION.matcher(route.toString());
        if (!inside.matches()) {
            return Optional.empty();
        }
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Object id = variables instanceof Map<?, ?> map ? map.get(inside.group(1)) : null;
        if (id == null) {
            throw new NotFound(); // a route inside a collaboration without its id: refuse rather than guess
        }
        return Optional.of(id.toString());
    }
}
