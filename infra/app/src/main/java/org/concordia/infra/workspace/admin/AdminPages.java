package org.concordia.infra.workspace.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.account.AccountService;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.regex.Pattern;

/**
 * Administration (administrators only, enforced by the workspace's filter chain): create users of the built-in
 * store through the same {@link AccountService} as {@code POST /api/v1/users} (its username and password rules, an
 * account event recording it), and register a collaboration for a coordinator.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class AdminPages {

    /** The same rules as {@code POST /api/v1/users}. */
    private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9._-]{1,63}$");

    private final AccountService users;
    private final Reads reads;
    private final CommandDispatcher commands;
    private final MessageSource messages;

    AdminPages(AccountService users, Reads reads, CommandDispatcher commands, MessageSource messages) {
        this.users = users;
        this.reads = reads;
        this.commands = commands;
        this.messages = messages;
    }

    @GetMapping("/app/admin")
    String admin(Model model) {
        return page(model, null);
    }

    @PostMapping("/app/admin/users")
    String createUser(@RequestParam(defaultValue = "") String username,
                      @RequestParam(defaultValue = "") String displayName,
                      @RequestParam(defaultValue = "") String password,
                      @RequestParam(defaultValue = "false") boolean mustChangePassword,
                      Authentication caller, Model model, HttpServletResponse response,
                      RedirectAttributes redirect) {
        Refusal refusal = null;
        if (!USERNAME.matcher(username).matches()) {
            refusal = Refusal.invalid("user", "username: must be 2-64 characters: lower-case letters, digits, '.', '_' or '-'");
        } else if (displayName.isBlank() || displayName.length() > 200) {
            refusal = Refusal.invalid("user", "displayName: must be 1 to 200 characters");
        } else {
            try {
                users.createPasswordAccount(username, displayName, password, false, mustChangePassword, null,
                                            caller.getName());
            } catch (RuntimeException failure) {
                refusal = Refusal.of("user", failure, messages);
                if (refusal == null) {
                    throw failure;
                }
            }
        }
        if (refusal != null) {
            response.setStatus(refusal.status().value());
            return page(model, refusal);
        }
        redirect.addFlashAttribute("done", "User " + username + " created. Give them their password in person.");
        return "redirect:/app/admin";
    }

    @PostMapping("/app/admin/collaborations")
    String registerCollaboration(@RequestParam(defaultValue = "") String key,
                                 @RequestParam(defaultValue = "") String name,
                                 @RequestParam(required = false) CollaborationKind kind,
                                 @RequestParam(defaultValue = "") String description,
                                 @RequestParam(defaultValue = "") String coordinator,
                                 Authentication caller, Model model, HttpServletResponse response,
                                 RedirectAttributes redirect) {
        try {
            if (!coordinator.isBlank() && !users.exists(coordinator.trim())) {
                throw new IllegalArgumentException("coordinator: no such user");
            }
            String coordinatorName = coordinator.isBlank() ? caller.getName() : coordinator.trim();
            String id = CollaborationId.forKey(key).value();
            long version = commands.dispatch(new RegisterCollaboration(id, key, name, kind,
                    description.isBlank() ? null : description, coordinatorName, caller.getName())).versionOf(id);
            reads.awaitCollaboration(id, version);
            if (coordinatorName.equals(caller.getName())) {
                return "redirect:/app/c/" + id + "/setup";
            }
            redirect.addFlashAttribute("done", "Collaboration " + key + " registered; its coordinator, "
                                               + coordinatorName + ", sets it up from My collaborations.");
            return "redirect:/app/admin";
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.of("collaboration", failure, messages);
            if (refusal == null) {
                throw failure;
            }
            response.setStatus(refusal.status().value());
            return page(model, refusal);
        }
    }

    private String page(Model model, Refusal refusal) {
        model.addAttribute("section", "admin");
        model.addAttribute("refusal", refusal);
        model.addAttribute("kinds", CollaborationKind.values());
        return "admin";
    }
}
