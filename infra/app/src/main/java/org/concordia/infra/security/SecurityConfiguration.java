package org.concordia.infra.security;

import jakarta.servlet.DispatcherType;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.util.Map;

/**
 * Every API call is authenticated: HTTP Basic against the built-in store (verified credentials remembered briefly,
 * failures throttled: {@link CachingPasswordAuthenticationProvider}, {@link SignInThrottle}), API tokens as
 * {@code Bearer cct_…} ({@link ApiTokenAuthenticationFilter}), and JWT bearer tokens when
 * {@code concordia.oidc.issuer} ({@code CONCORDIA_OIDC_ISSUER}) names an OpenID Connect issuer. Errors are
 * problem+json. Stateless: no session, so no CSRF token is needed for API clients.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String ARGON2 = "argon2@SpringSecurity_v5_8";

    /**
     * New hashes Argon2id (OWASP's first choice; unlike bcrypt it takes passwords longer than 72 bytes); hashes of
     * earlier releases ({@code {bcrypt}}) still verify. Any other stored value, {@link UserAccounts#NO_PASSWORD}
     * included, matches no password.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder(ARGON2, Map.of(
                ARGON2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
        encoder.setDefaultPasswordEncoderForMatches(new PasswordEncoder() {
            @Override
            public String encode(CharSequence rawPassword) {
                throw new UnsupportedOperationException("only matches");
            }

            @Override
            public boolean matches(CharSequence rawPassword, String encodedPassword) {
                return false;
            }
        });
        return encoder;
    }

    /** Only with an OIDC issuer; resolved on first use, so the app starts even while the issuer is unreachable. */
    @Bean
    @ConditionalOnProperty("concordia.oidc.issuer")
    JwtDecoder jwtDecoder(@Value("${concordia.oidc.issuer}") String issuer) {
        return new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(issuer));
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems, ObjectProvider<JwtDecoder> jwtDecoder,
                            ObjectProvider<BearerTokenAccounts> bearerAccounts,
                            CachingPasswordAuthenticationProvider passwords, ApiTokens apiTokens,
                            UserDetailsService users,
                            @Value("${concordia.oidc.issuer:}") String issuer)
            throws Exception {
        if (!issuer.isBlank()) {
            // Bearer tokens from the issuer; the acting user is the token's issuer + subject (never a request body,
            // never a claim the identity provider lets change hands), an account of its own here.
            JwtAuthenticationProvider jwtProvider = new JwtAuthenticationProvider(jwtDecoder.getObject());
            jwtProvider.setJwtAuthenticationConverter(token -> bearerAccounts.getObject().authenticate(token));
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
                        // all an account that must change its password may do
                        .requestMatchers(HttpMethod.GET, "/api/v1/me").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/v1/me/password").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/v1/users").hasRole(UserAccounts.ADMIN_ROLE)
                        .requestMatchers("/api/v1/admin/**").hasRole(UserAccounts.ADMIN_ROLE)
                        .requestMatchers("/api/**").hasRole(UserAccounts.USER_ROLE)
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
                        .accessDeniedHandler((request, response, e) -> {
                            if (mustChangePassword(SecurityContextHolder.getContext().getAuthentication())) {
                                problems.write(response, passwordChangeRequired());
                            } else {
                                problems.write(response, HttpStatus.FORBIDDEN, "Forbidden", "You may not do this.");
                            }
                        }))
                .headers(Customizer.withDefaults())
                .build();
    }

    static boolean mustChangePassword(Authentication caller) {
        return caller != null && caller.getAuthorities().stream().anyMatch(
                a -> a.getAuthority().equals("ROLE_" + UserAccounts.PASSWORD_CHANGE_REQUIRED_ROLE));
    }

    static ProblemDetail passwordChangeRequired() {
        return ProblemResponses.problem(HttpStatus.FORBIDDEN, "password-change-required", "Password change required",
                "Your password was reset by an administrator: change it with POST /api/v1/me/password "
                + "{currentPassword, newPassword} before doing anything else.");
    }
}
