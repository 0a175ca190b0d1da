package org.concordia.infra.workspace;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.security.CachingPasswordAuthenticationProvider;
import org.concordia.infra.security.SignInThrottled;
import org.concordia.infra.security.UserAccounts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import java.io.IOException;

/**
 * The committee workspace's own filter chain, ordered before the API's: form sign-in with a server session (idle
 * timeout {@code concordia.workspace.idle-timeout}, see application.yml), checked by the same provider as the API's
 * HTTP Basic ({@link CachingPasswordAuthenticationProvider}: the sign-in throttle first, then the password, then
 * the account's standing), so a locked-out account or address gets the sign-in page saying so; CSRF tokens on every form and htmx
 * request, sign-out that clears the session, and a content security policy that allows only this origin's scripts.
 * The API chain stays stateless and never reads this session, so a signed-in browser cannot be made to call it.
 */
@Configuration(proxyBeanMethods = false)
class WorkspaceSecurityConfiguration {

    /** Everything the workspace serves; all other paths fall through to the API chain. */
    static final String[] PATHS = {"/", "/login", "/logout", "/app", "/app/**", "/assets/**",
                                   "/webjars/**"};

    private static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
            "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'self'",
            "object-src 'none'");

    @Bean
    @Order(1)
    SecurityFilterChain workspace(HttpSecurity http, CachingPasswordAuthenticationProvider passwords,
                                  UserAccounts users) throws Exception {
        return http
                .securityMatcher(PATHS)
                // every request of a session answers to the account as it stands now (disabled: the session ends)
                .addFilterBefore(new AccountStandingFilter(users, new HttpSessionSecurityContextRepository()),
                                 AuthorizationFilter.class)
                // the API's provider alone: no second provider that would check the password again, unthrottled
                .authenticationManager(new ProviderManager(passwords))
                .authorizeHttpRequests(auth -> auth
                        // a live stream finishes on an async dispatch of a request already authorised
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/login", "/assets/**", "/webjars/**").permitAll()
                        // the signed unsubscribe link of every notification mail: no sign-in
                        .requestMatchers("/app/unsubscribe").permitAll()
                        // also for an account that must change its password (AccountStandingFilter sends it there)
                        .requestMatchers(AccountStandingFilter.PASSWORD_PAGE).authenticated()
                        .requestMatchers("/app/admin/**").hasRole(UserAccounts.ADMIN_ROLE)
                        // not an account that must change its password first (it has no USER role)
                        .anyRequest().hasRole(UserAccounts.USER_ROLE))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/app", false)
                        .failureHandler(WorkspaceSecurityConfiguration::signInFailed).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                        .deleteCookies("CONCORDIA_SESSION")
                        .addLogoutHandler(new HeaderWriterLogoutHandler(
                                new ClearSiteDataHeaderWriter(ClearSiteDataHeaderWriter.Directive.COOKIES))))
                // a mail client's one-click unsubscribe has no session and no CSRF token: the link's signature,
                // valid for one user's mail setting only, is what protects it
                .csrf(csrf -> csrf.ignoringRequestMatchers("/app/unsubscribe"))
                .sessionManagement(session -> session.invalidSessionUrl("/login?expired"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .build();
    }

    /** Back to the sign-in page, saying why: locked out (and for how long), disabled, or wrong credentials. */
    private static void signInFailed(HttpServletRequest request, HttpServletResponse response,
                                     AuthenticationException failure) throws IOException {
        String query;
        if (failure instanceof SignInThrottled throttled) {
            query = "locked=" + throttled.retryAfterSeconds();
        } else if (failure instanceof DisabledException) {
            query = "disabled"; // said only after the right password (the provider checks it first)
        } else {
            query = "error";
        }
        response.sendRedirect(request.getContextPath() + "/login?" + query);
    }
}
