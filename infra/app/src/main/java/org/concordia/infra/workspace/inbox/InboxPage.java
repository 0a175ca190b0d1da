package org.concordia.infra.workspace.inbox;

import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.issue.query.Inbox;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What waits for me across my collaborations: issues to acknowledge, proposals to vote on, actions I own. */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class InboxPage {

    private final Reads reads;

    InboxPage(Reads reads) {
        this.reads = reads;
    }

    @GetMapping("/app/inbox")
    String inbox(Authentication caller, Model model) {
        Map<String, String> keys = reads.collaborationsOf(caller.getName()).stream()
                                        .collect(Collectors.toMap(CollaborationSummary::id, CollaborationSummary::key));
        Inbox inbox = reads.inbox(caller.getName());
        model.addAttribute("inbox", inbox);
        model.addAttribute("listedIssues", issuesOf(inbox));
        model.addAttribute("listedAtMost", Reads.INBOX_PAGE_ISSUES);
        model.addAttribute("collaborationKeys", keys);
        model.addAttribute("section", "inbox");
        return "inbox";
    }

    /** The issues the page lists: the badge counts every waiting issue, the page at most a hundred per collaboration. */
    private static long issuesOf(Inbox inbox) {
        return Stream.of(inbox.toAcknowledge().stream().map(Inbox.ToAcknowledge::issueId),
                         inbox.toVote().stream().map(Inbox.ToVote::issueId),
                         inbox.actions().stream().map(Inbox.OwnedAction::issueId),
                         inbox.overdueActions().stream().map(Inbox.OwnedAction::issueId),
                         inbox.extensionsToDecide().stream().map(Inbox.OwnedAction::issueId))
                     .flatMap(s -> s).distinct().count();
    }
}
