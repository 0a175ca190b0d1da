package org.concordia.infra.security;

import jakarta.servlet.DispatcherType;
import org.concordia.infra.web.ProblemResponses;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import java.util.List;

/**
 * Every API call is authenticated: HTTP Basic against the built-in store, and JWT bearer tokens when
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
                            @Value("${concordia.oidc.issuer:}") String issuer,
                            @Value("${concordia.oidc.username-claim:preferred_username}") String usernameClaim)
            throws Exception {
        if (!issuer.isBlank()) {
            // Bearer tokens from the issuer; the acting user is the token's username claim (never a request body).
            JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
            converter.setPrincipalClaimName(usernameClaim);
            converter.setJwtGrantedAuthoritiesConverter(jwt -> List.of(new SimpleGrantedAuthority("ROLE_USER")));
            http.oauth2ResourceServer(oauth -> oauth
                    .jwt(jwt -> jwt.decoder(jwtDecoder.getObject()).jwtAuthenticationConverter(converter))
                    .authenticationEntryPoint((request, response, e) -> problems.write(
                            response, HttpStatus.UNAUTHORIZED, "Authentication required",
                            "The bearer token is missing, expired or not from the configured issuer.")));
        }
        return http
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
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> problems.write(
                        response, HttpStatus.UNAUTHORIZED, "Authentication required",
                        "Send HTTP Basic credentials (or a bearer token when an OIDC issuer is configured).")))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"Concordia\"");
                            problems.write(response, HttpStatus.UNAUTHORIZED, "Authentication required",
                                           "Send HTTP Basic credentials.");
                        })
                        .accessDeniedHandler((request, response, e) -> problems.write(
                                response, HttpStatus.FORBIDDEN, "Forbidden", "You may not do this.")))
                .headers(Customizer.withDefaults())
                .build();
    }
}
