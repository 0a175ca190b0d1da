package org.concordia.infra.workspace;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.security.UserAccounts;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A signed-in session answers to the account as it stands now, not as it stood at sign-in — as HTTP Basic does,
 * which reads the account on every request. Before anything is authorised, each request of a session reads its
 * account (one {@code _id} look-up): a disabled (or removed) account's session ends there and then, and the browser
 * is sent to the sign-in page saying so; otherwise the session's roles are those the account has now
 * ({@link UserAccounts#authoritiesOf}: an administrator role granted or revoked counts at once). An account whose
 * password an administrator reset is sent to the change-password page from any other page (sign-out excepted) until
 * it is changed. Static files are not checked.
 */
final class AccountStandingFilter extends OncePerRequestFilter {

    private static final List<String> STATIC = List.of("/assets/", "/webjars/");
    static final String PASSWORD_PAGE = "/app/account/password";
    /** All an account that must change its password may open (as {@code /api/v1/me/password} over the API). */
    private static final Set<String> OPEN_WHILE_CHANGING = Set.of(PASSWORD_PAGE, "/logout", "/login");

    private final UserAccounts users;
    private final SecurityContextRepository contexts;
    private final SecurityContextLogoutHandler signOut = new SecurityContextLogoutHandler();

    AccountStandingFilter(UserAccounts users, SecurityContextRepository contexts) {
        this.users = users;
        this.contexts = contexts;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = pathOf(request);
        return STATIC.stream().anyMatch(path::startsWith);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication session = SecurityContextHolder.getContext().getAuthentication();
        if (session == null || session instanceof AnonymousAuthenticationToken || !session.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UserAccounts.Account> account = users.find(session.getName());
        if (account.isEmpty() || !account.get().enabled()) {
            signOut.logout(request, response, session); // invalidates the session, clears the context
            redirect(request, response, "/login?disabled");
            return;
        }
        request.setAttribute(UserAccounts.REQUEST_ATTRIBUTE, account.get());
        List<GrantedAuthority> now = UserAccounts.authoritiesOf(account.get());
        if (!names(session.getAuthorities()).equals(names(now))) {
            UsernamePasswordAuthenticationToken current =
                    UsernamePasswordAuthenticationToken.authenticated(session.getPrincipal(), null, now);
            current.setDetails(session.getDetails());
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(current);
            SecurityContextHolder.setContext(context);
            contexts.saveContext(context, request, response);
        }
        if (account.get().mustChangePassword() && !OPEN_WHILE_CHANGING.contains(pathOf(request))) {
            redirect(request, response, PASSWORD_PAGE);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** A full-page redirect; for an htmx request, htmx's own header (it would otherwise swap the target page in). */
    static void redirect(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String location = request.getContextPath() + path;
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Redirect", location);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            response.sendRedirect(location);
        }
    }

    private static Set<String> names(java.util.Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
    }
}
