package org.concordia.infra.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Anything inside a collaboration answers 404 to a caller who is not a member, before the request body is even
 * read: an outsider cannot tell an invalid request to a hidden collaboration from one to none at all.
 * ({@code GET /collaborations/{cid}} checks for itself, after waiting for {@code minVersion}.)
 */
@Configuration(proxyBeanMethods = false)
class CollaborationMembershipInterceptor implements WebMvcConfigurer {

    private static final String PREFIX = "/api/v1/collaborations/";

    private final ApiSupport api;

    CollaborationMembershipInterceptor(ApiSupport api) {
        this.api = api;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String path = request.getRequestURI();
                if (!path.startsWith(PREFIX)) {
                    return true;
                }
                String rest = path.substring(PREFIX.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    return true; // the collaboration itself
                }
                Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                api.requireMember(rest.substring(0, slash), caller == null ? "" : caller.getName());
                return true;
            }
        }).addPathPatterns(PREFIX + "*/**");
    }
}
