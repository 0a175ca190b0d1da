package org.concordia.infra.workspace.admin;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.account.AccountService;
import org.concordia.infra.workspace.support.Refusal;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Accounts under control (administrators only, enforced by the workspace's filter chain), through the same
 * {@link AccountService} as {@code /api/v1/admin/users}: every account with its standing; disable and enable, and
 * reset a password (a temporary one, chosen or generated — a generated one is shown once, in the answer — that the
 * holder must change at the next sign-in), and grant or withdraw the administrator role. Each needs a reason and is recorded as an account event. A disabled
 * account's open sessions end at their next request; a reset one's lead to the change-password page.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class UsersPage {

    private final AccountService accounts;
    private final MessageSource messages;

    UsersPage(AccountService accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/app/admin/users")
    String users(Model model) {
        return page(model, null, null, null);
    }

    @PostMapping("/app/admin/users/{username}/disable")
    String disable(@PathVariable String username, @RequestParam(defaultValue = "") String reason,
                   Authentication caller, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return act(username, reason, () -> accounts.disable(username, reason.strip(), caller.getName()),
                   "Account " + username + " disabled: its sessions end at their next request.",
                   model, response, redirect);
    }

    @PostMapping("/app/admin/users/{username}/enable")
    String enable(@PathVariable String username, @RequestParam(defaultValue = "") String reason,
                  Authentication caller, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        return act(username, reason, () -> accounts.enable(username, reason.strip(), caller.getName()),
                   "Account " + username + " enabled.", model, response, redirect);
    }

    /** As {@code POST /api/v1/admin/users/{username}/admin}: grant or withdraw the administrator role, with a reason. */
    @PostMapping("/app/admin/users/{username}/admin")
    String administrator(@PathVariable String username, @RequestParam(defaultValue = "false") boolean grant,
                         @RequestParam(defaultValue = "") String reason, Authentication caller, Model model,
                         HttpServletResponse response, RedirectAttributes redirect) {
        return act(username, reason, () -> accounts.setAdministrator(username, grant, reason.strip(), caller.getName()),
                   grant ? username + " is now an administrator."
                         : username + " is no longer an administrator: it counts at their next request.",
                   model, response, redirect);
    }

    @PostMapping("/app/admin/users/{username}/password-reset")
    String reset(@PathVariable String username, @RequestParam(defaultValue = "") String reason,
                 @RequestParam(defaultValue = "") String temporaryPassword,
                 Authentication caller, Model model, HttpServletResponse response) {
        accounts.find(username); // not found: the not-found page
        Refusal refusal = reason.isBlank() ? Refusal.invalid(action(username), "reason: say why") : null;
        String generated = null;
        if (refusal == null) {
            try {
                generated = accounts.resetPassword(username, temporaryPassword.isEmpty() ? null : temporaryPassword,
                                                   reason.strip(), caller.getName());
            } catch (RuntimeException failure) {
                refusal = refusal(username, failure);
            }
        }
        if (refusal != null) {
            response.setStatus(refusal.status().value());
            return page(model, refusal, null, null);
        }
        // a generated password is in this answer only: not cached, not kept for a reload
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        return page(model, null, "Password of " + username + " reset: they must change it at their next sign-in"
                                 + (generated == null ? " (give them the one you chose, in person)." : "."),
                    generated == null ? null : new Generated(username, generated));
    }

    /** A generated temporary password, to hand over in person. */
    record Generated(String username, String password) {
    }

    private String act(String username, String reason, Runnable change, String done, Model model,
                       HttpServletResponse response, RedirectAttributes redirect) {
        accounts.find(username); // not found: the not-found page
        Refusal refusal = reason.isBlank() ? Refusal.invalid(action(username), "reason: say why") : null;
        if (refusal == null) {
            try {
                change.run();
            } catch (RuntimeException failure) {
                refusal = refusal(username, failure);
            }
        }
        if (refusal != null) {
            response.setStatus(refusal.status().value());
            return page(model, refusal, null, null);
        }
        redirect.addFlashAttribute("done", done);
        return "redirect:/app/admin/users";
    }

    private Refusal refusal(String username, RuntimeException failure) {
        Refusal refusal = Refusal.of(action(username), failure, messages);
        if (refusal == null) {
            throw failure;
        }
        return refusal;
    }

    /** Refusals show next to the row of the account they concern. */
    static String action(String username) {
        return "account-" + username;
    }

    private String page(Model model, Refusal refusal, String done, Generated generated) {
        model.addAttribute("section", "admin");
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("refusal", refusal);
        if (done != null) {
            model.addAttribute("done", done);
        }
        model.addAttribute("generated", generated);
        return "users";
    }
}
