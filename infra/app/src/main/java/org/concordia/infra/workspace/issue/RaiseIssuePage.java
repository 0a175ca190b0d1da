package org.concordia.infra.workspace.issue;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Raising an issue or a conflict: the same {@code RaiseIssue} command as {@code POST .../issues}. */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class RaiseIssuePage {

    private final Reads reads;
    private final CommandDispatcher commands;
    private final MessageSource messages;

    RaiseIssuePage(Reads reads, CommandDispatcher commands, MessageSource messages) {
        this.reads = reads;
        this.commands = commands;
        this.messages = messages;
    }

    @GetMapping("/app/c/{cid}/issues/new")
    String form(@PathVariable String cid, Authentication caller, Model model) {
        return page(reads.collaboration(cid, caller.getName()), model, null);
    }

    @PostMapping("/app/c/{cid}/issues")
    String raise(@PathVariable String cid, @RequestParam(required = false) IssueType type,
                 @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String description,
                 @RequestParam(required = false) IssueCategory category,
                 @RequestParam(required = false) Severity severity,
                 @RequestParam(required = false) List<String> involvedParties,
                 Authentication caller, Model model, HttpServletResponse response) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        String issueId = IssueForms.newId();
        try {
            Set<String> parties = involvedParties == null ? Set.of() : new LinkedHashSet<>(involvedParties);
            long version = commands.dispatch(new RaiseIssue(cid, issueId, type, title, description, category, severity,
                                                            parties, caller.getName())).versionOf(issueId);
            return "redirect:/app/c/" + cid + "/issues/" + issueId + "?v=" + version;
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.of("raise", failure, messages);
            if (refusal == null) {
                throw failure;
            }
            response.setStatus(refusal.status().value());
            model.addAttribute("typedParties", involvedParties == null ? List.of() : involvedParties);
            return page(collaboration, model, refusal);
        }
    }

    private String page(CollaborationView collaboration, Model model, Refusal refusal) {
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "issues");
        model.addAttribute("refusal", refusal);
        model.addAttribute("typed", refusal == null ? java.util.Map.of() : IssuePage.typed());
        model.addAttribute("types", IssueType.values());
        model.addAttribute("categories", IssueCategory.values());
        model.addAttribute("severities", Severity.values());
        if (!model.containsAttribute("typedParties")) {
            model.addAttribute("typedParties", List.of());
        }
        return "raise";
    }
}
