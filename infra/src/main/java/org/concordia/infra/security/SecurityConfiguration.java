package org.concordia.infra.security;

import jakarta.servlet.DispatcherType;
import org.concordia.infra.api.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every API call is authenticated (HTTP Basic against the built-in store); errors are problem+json. Stateless: no
 * session, so no CSRF token is needed for API clients.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder(); // bcrypt
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ProblemResponses problems) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        // streamed responses finish on an async dispatch of a request already authorised
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/prometheus",
                                         "/actuator/info", "/v3/api-docs/**", "/error").permitAll()
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
