package org.concordia.infra.security;

import jakarta.servlet.DispatcherType;
import org.concordia.infra.api.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.util.List;

/**
 * Every API call is authenticated: HTTP Basic against the built-in store (verified credentials remembered briefly,
 * failures throttled: {@link CachingPasswordAuthenticationProvider}, {@link SignInThrottle}), API tokens as
 * {@code Bearer cct_…} ({@link ApiTokenAuthenticationFilter}), and JWT bearer tokens when
 * {@code concordia.oidc.issuer} ({@code CONCORDIA_OIDC_ISSUER}) names an OpenID Connect issuer. Errors are
 * problem+json. Stateless: no session, so no CSRF token is needed for API clients.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt
    }

    /** Only with an OIDC issuer; resolved on first use, so the app starts even while the issuer is unreachable. */
    @Bean
    @ConditionalOnProperty("concordia.oidc.issuer")
    JwtDecoder jwtDecoder(@Value("${concordia.oidc.issuer}") String issuer) {
        return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(issuer));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, ObjectProvider<JwtDecoder> jwtDecoder,
                            CachingPasswordAuthenticationProvider passwords, ApiTokens apiTokens,
                            UserDetailsService users,
                            @Value("${concordia.oidc.issuer:}") String issuer,
                            @Value("${concordia.oidc.username-claim:preferred_username}") String usernameClaim)
            throws Exception {
        if (!issuer.isBlank()) {
            // Bearer tokens from the issuer; the acting user is the token's username claim (never a request body).
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setPrincipalClaimName(usernameClaim);
            converter.setJwtGrantedAuthoritiesConverter(jwt -> List.of(new SimpleGrantedAuthority("ROLE_USER")));
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder.getObject());
            jwtProvider.setJwtAuthenticationConverter(converter);
            // Our own API tokens are bearer tokens too; they are the ApiTokenAuthenticationFilter's, never a JWT.
            DefaultBearerTokenResolver bearerTokens = new DefaultBearerTokenResolver();
            BearerTokenResolver jwtsOnly = request -> {
                String token = bearerTokens.resolve(request);
                return ApiTokens.isApiToken(token) ? null : token;
            };
            http.oauth2ResourceServer(oauth -> oauth
                    .bearerTokenResolver(jwtsOnly)
                    .jwt(jwt -> jwt.authenticationManager(new ProviderManager(jwtProvider)))
                    .authenticationEntryPoint((request, response, e) -> problems.write(
                            response, HttpStatus.UNAUTHORIZED, "Authentication required",
                            "The bearer token is missing, expired or not from the configured issuer.")));
        }
        return http
                // HTTP Basic through the cache of verified credentials and the sign-in throttle, and nothing else
                // (no fallback to a second provider that would check the password again)
                .authenticationManager(new ProviderManager(passwords))
                .addFilterBefore(new ApiTokenAuthenticationFilter(apiTokens, users, problems),
                                 BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // streamed responses finish on an async dispatch of a request already authorised
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                         "/actuator/info", "/v3/api-docs/**", "/error").permitAll()
                        // the published integration contract (event schemas, AsyncAPI): no data, like /v3/api-docs
                        .requestMatchers(HttpMethod.GET, "/api/v1/schemas/**", "/api/v1/asyncapi",
                                         "/api/v1/audit/public-key").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/users").hasRole(UserAccounts.ADMIN_ROLE)
                        .requestMatchers("/api/v1/admin/**").hasRole(UserAccounts.ADMIN_ROLE)
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    if (e instanceof SignInThrottled throttled) {
                        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
                        problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins",
                                       "Sign-in is locked for this account or address after repeated failures; "
                                       + "try again in " + throttled.retryAfterSeconds() + " s.");
                        return;
                    }
                    problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                   "Send HTTP Basic credentials or a bearer token (an API token, or an OIDC token "
                                   + "when an issuer is configured).");
                }))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"Concordia\"");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                           "Send HTTP Basic credentials or a bearer token.");
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response, HttpStatus.FORBIDDEN, "Forbidden", "You may not do this.")))
                .headers(Customizer.withDefaults())
                .build();
    }
}
