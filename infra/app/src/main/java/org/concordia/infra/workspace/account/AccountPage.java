package org.concordia.infra.workspace.account;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.account.AccountService;
import org.concordia.infra.notification.MailTransport;
import org.concordia.infra.notification.NotificationPreferences;
import org.concordia.infra.notification.NotificationPreferences.Delivery;
import org.concordia.infra.notification.NotificationPreferences.Preference;
import org.concordia.infra.notification.NotificationProperties;
import org.concordia.infra.notification.NotificationSender;
import org.concordia.infra.security.ApiTokenProperties;
import org.concordia.infra.security.ApiTokens;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.NotFound;
import org.concordia.infra.workspace.support.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The signed-in user's own account: who they are here and how they sign in, a link to change the password, and
 * their API tokens — created (the secret shown once, on the answer to the form, never stored in the session or
 * sent again), listed (never the secrets), revoked (they stop working at once). The same {@link ApiTokens} as
 * {@code /api/v1/me/tokens}, with its limits; tokens are for accounts of the built-in store only. And their email
 * notifications (as {@code /api/v1/me/notifications}), with a preview of their next digest composed by the code that
 * sends it.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class AccountPage {

    /** The lifetimes offered, in days; those longer than {@code concordia.security.tokens.max-lifetime} are not. */
    private static final List<Integer> LIFETIMES = List.of(7, 30, 90, 180, 365);

    /** A token as the page lists it. */
    record TokenRow(String id, String name, ApiTokens.Scope scope, Instant createdAt, Instant expiresAt,
                    boolean expired) {
    }

    private final AccountService accounts;
    private final ApiTokens tokens;
    private final ApiTokenProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final NotificationPreferences notifications;
    private final NotificationSender sender;
    private final NotificationProperties mail;

    AccountPage(AccountService accounts, ApiTokens tokens, ApiTokenProperties properties,
                NotificationPreferences notifications, NotificationSender sender, NotificationProperties mail) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.properties = properties;
        this.notifications = notifications;
        this.sender = sender;
        this.mail = mail;
    }

    @PostMapping("/app/account/notifications")
    String notifications(@RequestParam(defaultValue = "") String email,
                         @RequestParam(required = false) Delivery delivery,
                         Authentication caller, Model model, HttpServletResponse response,
                         RedirectAttributes redirect) {
        try {
            notifications.save(new Preference(caller.getName(), email, delivery));
        } catch (IllegalArgumentException invalid) {
            Refusal refusal = Refusal.invalid("notifications", invalid.getMessage());
            response.setStatus(refusal.status().value());
            return page(caller, model, refusal, null);
        }
        redirect.addFlashAttribute("done", delivery == Delivery.OFF ? "Email notifications are off."
                : "Email notifications are saved.");
        return "redirect:/app/account";
    }

    @GetMapping("/app/account")
    String account(Authentication caller, Model model) {
        return page(caller, model, null, null);
    }

    @PostMapping("/app/account/tokens")
    String create(@RequestParam(defaultValue = "") String name,
                  @RequestParam(required = false) ApiTokens.Scope scope,
                  @RequestParam(defaultValue = "90") int days,
                  Authentication caller, Model model, HttpServletResponse response) {
        requirePasswordAccount(caller);
        Refusal refusal = null;
        if (name.isBlank() || name.length() > 100) {
            refusal = Refusal.invalid("token", "name: must be 1 to 100 characters");
        } else if (scope == null) {
            refusal = Refusal.invalid("token", "scope: choose read only or read and write");
        } else if (!lifetimes().contains(days)) {
            refusal = Refusal.invalid("token", "days: choose one of " + lifetimes());
        }
        ApiTokens.IssuedToken issued = null;
        if (refusal == null) {
            try {
                issued = tokens.create(caller.getName(), name.strip(), scope,
                                       clock.instant().plus(Duration.ofDays(days)), null);
            } catch (ApiTokens.TooManyTokens tooMany) {
                refusal = new Refusal("token", "TOKEN_LIMIT", "You hold as many tokens as allowed: revoke one first.",
                                      tooMany.getMessage(), null, HttpStatus.CONFLICT);
            }
        }
        if (refusal != null) {
            response.setStatus(refusal.status().value());
            return page(caller, model, refusal, null);
        }
        // the secret is in this answer only: not cached, not kept for a reload
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setStatus(HttpServletResponse.SC_CREATED);
        return page(caller, model, null, issued);
    }

    @PostMapping("/app/account/tokens/{id}/revoke")
    String revoke(@PathVariable String id, Authentication caller, RedirectAttributes redirect) {
        requirePasswordAccount(caller);
        if (!tokens.revoke(caller.getName(), id)) {
            throw new NotFound();
        }
        redirect.addFlashAttribute("done", "The token is revoked: it no longer works.");
        return "redirect:/app/account";
    }

    private void requirePasswordAccount(Authentication caller) {
        if (!accounts.find(caller.getName()).passwordAccount()) {
            throw new NotFound(); // the page offers no tokens to an OpenID Connect user
        }
    }

    private List<Integer> lifetimes() {
        long longest = properties.maxLifetime().toDays();
        return LIFETIMES.stream().filter(days -> days <= longest).toList();
    }

    private String page(Authentication caller, Model model, Refusal refusal, ApiTokens.IssuedToken issued) {
        UserAccounts.Account account = accounts.find(caller.getName());
        Instant now = clock.instant();
        model.addAttribute("section", "account");
        model.addAttribute("account", account);
        model.addAttribute("tokens", account.passwordAccount()
                ? tokens.list(account.username()).stream()
                        .map(t -> new TokenRow(t.id(), t.name(), t.scope(), t.createdAt(), t.expiresAt(),
                                               !t.expiresAt().isAfter(now)))
                        .toList()
                : List.of());
        model.addAttribute("lifetimes", lifetimes());
        model.addAttribute("scopes", ApiTokens.Scope.values());
        model.addAttribute("refusal", refusal);
        model.addAttribute("issued", issued);
        Preference choice = notifications.find(account.username());
        model.addAttribute("notifications", choice);
        model.addAttribute("deliveries", Delivery.values());
        model.addAttribute("mailEnabled", mail.sends());
        model.addAttribute("nextDigestAt", sender.nextDigestAt());
        MailTransport.Mail preview = sender.previewDigest(account.username(),
                choice.email() == null ? "(no address yet)" : choice.email()).orElse(null);
        model.addAttribute("digestPreview", preview);
        return "account";
    }
}
