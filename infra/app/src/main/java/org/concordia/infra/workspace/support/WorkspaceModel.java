package org.concordia.infra.workspace.support;

import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.concordia.infra.web.NotFound;
import org.concordia.infra.security.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.ModelAndView;

import java.util.Optional;

/**
 * What every workspace page has: the signed-in user and the count of what waits in their inbox (for the
 * navigation); and the error pages — "not found" for anything hidden from the user, exactly as the API's 404.
 * Ordered before the API's problem+json handler, and limited to the workspace's controllers.
 */
@ControllerAdvice(basePackages = "org.concordia.infra.workspace")
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkspaceModel {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceModel.class);

    private final UserAccounts users;
    private final Reads reads;

    WorkspaceModel(UserAccounts users, Reads reads) {
        this.users = users;
        this.reads = reads;
    }

    @ModelAttribute("me")
    CurrentUser me() {
        return currentUser();
    }

    /** The issues on which something waits for the user (not the items: counting those would read them all). */
    @ModelAttribute("inboxCount")
    Long inboxCount() {
        CurrentUser me = currentUser();
        return me == null ? null : reads.inboxCount(me.username());
    }

    @ExceptionHandler({NotFound.class, AggregateNotFoundException.class})
    ModelAndView notFound(HttpServletResponse response) {
        return page("error/not-found", response, HttpServletResponse.SC_NOT_FOUND);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ModelAndView forbidden(HttpServletResponse response) {
        return page("error/forbidden", response, HttpServletResponse.SC_FORBIDDEN);
    }

    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(HttpServletResponse response) {
        return page("error/bad-request", response, HttpServletResponse.SC_BAD_REQUEST);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ModelAndView invalid(HttpServletResponse response) {
        return page("error/bad-request", response, HttpServletResponse.SC_BAD_REQUEST);
    }

    /** A browser that left a live stream (closed the tab, navigated): nothing to answer, nothing went wrong. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void browserLeft() {
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletResponse response) {
        log.error("Workspace page failed", e);
        return page("error/internal", response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    }

    private ModelAndView page(String view, HttpServletResponse response, int status) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView(view);
        page.addObject("me", currentUser());
        return page;
    }

    private CurrentUser currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
            || !authentication.isAuthenticated()) {
            return null;
        }
        String username = authentication.getName();
        boolean admin = authentication.getAuthorities().stream()
                                      .anyMatch(a -> a.getAuthority().equals("ROLE_" + UserAccounts.ADMIN_ROLE));
        // the account standing filter has read the account of this request already: one look-up per request
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object read = request == null ? null : request.getAttribute(UserAccounts.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        Optional<UserAccounts.Account> account = read instanceof UserAccounts.Account known
                && known.username().equals(username) ? Optional.of(known) : users.find(username);
        return account.map(a -> new CurrentUser(username, a.displayName(), admin))
                      .orElse(new CurrentUser(username, username, admin));
    }

}
