package org.concordia.infra.workspace.inbox;

import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.Map;
import java.util.stream.Collectors;

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
        model.addAttribute("inbox", reads.inbox(caller.getName()));
        model.addAttribute("collaborationKeys", keys);
        model.addAttribute("section", "inbox");
        return "inbox";
    }
}
