package org.concordia.infra.workspace.account;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.account.AccountService;
import org.concordia.infra.workspace.support.Refusal;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Changing one's own password, through the same {@link AccountService#changePassword} as
 * {@code POST /api/v1/me/password}: the current password re-entered (wrong ones throttled), the password rules, an
 * account event. After an administrator's reset this is the only page the account may open
 * ({@code AccountStandingFilter} sends every other request here) until the password is changed.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class PasswordPage {

    private final AccountService accounts;
    private final MessageSource messages;

    PasswordPage(AccountService accounts, MessageSource messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    @GetMapping("/app/account/password")
    String form(Authentication caller, Model model) {
        return page(caller, model, null);
    }

    @PostMapping("/app/account/password")
    String change(@RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String repeatPassword,
                  Authentication caller, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        Refusal refusal = null;
        if (!newPassword.equals(repeatPassword)) {
            refusal = Refusal.invalid("password", "repeatPassword: must be the same as the new password");
        } else {
            try {
                accounts.changePassword(caller.getName(), currentPassword, newPassword);
            } catch (RuntimeException failure) {
                refusal = Refusal.of("password", failure, messages);
                if (refusal == null) {
                    throw failure;
                }
            }
        }
        if (refusal != null) {
            response.setStatus(refusal.status().value());
            return page(caller, model, refusal);
        }
        redirect.addFlashAttribute("done", "Your password is changed. Nothing else changed: you stay signed in.");
        return "redirect:/app/account";
    }

    private String page(Authentication caller, Model model, Refusal refusal) {
        model.addAttribute("section", "account");
        model.addAttribute("mustChange", accounts.find(caller.getName()).mustChangePassword());
        model.addAttribute("refusal", refusal);
        return "password";
    }
}
