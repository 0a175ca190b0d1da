package org.concordia.infra.workspace.issue;

import org.concordia.infra.workspace.live.LiveUpdates;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.issue.ActionKind;
import org.concordia.kernel.issue.LinkRelation;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueSummary;
import org.concordia.kernel.issue.query.IssueView;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One issue: its state, SLA clock, parties, proposals with votes and signatures, CAPA actions, comments, evidence,
 * links and the timeline of every recorded fact; and the forms of the actions this user may take now.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
class IssuePage {

    /**
     * A member of the open ballot's body who may not vote on it, and why: their {@code party} is involved in the
     * conflict, or they declared a conflict of interest ({@code declared}, with its reason).
     */
    public record Recusal(String username, String party, String declared) {
    }

    private final Reads reads;
    private final LiveUpdates live;

    IssuePage(Reads reads, LiveUpdates live) {
        this.reads = reads;
        this.live = live;
    }

    /** {@code v}: the version this user's own last write produced; the page waits (bounded) until it shows it. */
    @GetMapping("/app/c/{cid}/issues/{iid}")
    String issue(@PathVariable String cid, @PathVariable String iid, @RequestParam(defaultValue = "-1") long v,
                 @RequestHeader(name = "HX-Request", required = false) String htmx,
                 Authentication caller, Model model) {
        render(cid, iid, v, caller, model, null);
        return htmx != null ? "issue :: live" : "issue";
    }

    /**
     * Not found unless the user is a member of the collaboration, the issue belongs to it and the user may see it (a
     * restricted issue they may not see is as one that does not exist, as in the API).
     */
    void requireVisible(String cid, String iid, Authentication caller) {
        reads.requireIssueVisible(cid, iid, caller.getName());
    }

    /** Fills the model of the issue page; {@code refusal} (nullable) is shown next to the form it came from. */
    void render(String cid, String iid, long minVersion, Authentication caller, Model model, Refusal refusal) {
        String username = caller.getName();
        model.addAttribute("liveSince", live.position()); // before the views are read: see LiveUpdates.position
        CollaborationView collaboration = reads.collaboration(cid, username);
        IssueView issue = reads.issue(cid, iid, username, minVersion);
        Map<String, String> partyNames = new LinkedHashMap<>();
        collaboration.parties().forEach(p -> partyNames.put(p.partyId(), p.name()));
        IssueActions actions = IssueActions.of(issue, collaboration, username);

        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "issues");
        model.addAttribute("issue", issue);
        model.addAttribute("actions", actions);
        model.addAttribute("partyNames", partyNames);
        model.addAttribute("now", reads.now());
        // a refusal of a form the page no longer shows (the state moved on) is shown at the top of the actions
        model.addAttribute("refusal", refusal == null || actions.offers(refusal.action(), issue) ? refusal
                : new Refusal("other", refusal.rule(), refusal.sentence(), refusal.detail(), refusal.field(),
                              refusal.status()));
        model.addAttribute("typed", refusal == null ? Map.of() : typed());
        model.addAttribute("timeline", reads.history(cid, iid, username).stream()
                                            .map(entry -> TimelineEntry.of(entry, partyNames)).toList());
        model.addAttribute("openProposal", issue.proposals().stream()
                                                .filter(p -> "OPEN".equals(p.status())).findFirst().orElse(null));
        model.addAttribute("recusals", recusals(issue, collaboration, partyNames));
        model.addAttribute("declaredConflict", issue.conflictsOfInterest() == null ? null
                : issue.conflictsOfInterest().stream().filter(c -> c.username().equals(username)).findFirst()
                       .orElse(null));
        model.addAttribute("members", collaboration.members().stream().filter(CollaborationView.Member::active)
                                                   .map(CollaborationView.Member::username).sorted().toList());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("actionKinds", ActionKind.values());
        model.addAttribute("rootCauseMethods", org.concordia.kernel.issue.RootCauseMethod.values());
        model.addAttribute("riskLevels", org.concordia.kernel.issue.RiskLevel.values());
        model.addAttribute("relations", LinkRelation.values());
        model.addAttribute("dismissals", org.concordia.kernel.issue.Dismissal.values());
        model.addAttribute("categories", org.concordia.kernel.issue.IssueCategory.values());
        model.addAttribute("typedParties", refusal == null ? List.of() : typedAll("involvedParties"));
        if (actions.link() || actions.dismiss()) {
            // only issues this user may see: a restricted one's title is not offered to anyone else
            List<IssueSummary> recent = reads.issues(username, new FindIssues(cid, null, null, null, null, null, null,
                                                                              0, 100, null)).items();
            model.addAttribute("linkable", recent.stream().filter(s -> !s.id().equals(iid)).toList());
        }
    }

    /** What the refused form held, to show it again: every field but the password and the CSRF token. */
    static Map<String, String> typed() {
        Map<String, String> typed = new LinkedHashMap<>();
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            request.getRequest().getParameterMap().forEach((name, values) -> {
                if (!name.equals("password") && !name.equals("_csrf") && values.length > 0) {
                    typed.put(name, values[0]);
                }
            });
        }
        return typed;
    }

    /** Every value the refused form held for a field given several times (checkboxes). */
    static List<String> typedAll(String name) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            String[] values = request.getRequest().getParameterValues(name);
            return values == null ? List.of() : List.of(values);
        }
        return List.of();
    }

    /**
     * Who on the open ballot's body may not vote: a member who declared a conflict of interest, or on a conflict a
     * member of an involved party (as the aggregate rules, now — recusals can change while a ballot is open).
     */
    private static List<Recusal> recusals(IssueView issue, CollaborationView collaboration,
                                          Map<String, String> partyNames) {
        return IssueActions.openBallot(issue).stream()
                .flatMap(p -> IssueActions.voters(p, issue, collaboration).stream())
                .map(username -> {
                    String declared = issue.conflictsOfInterest() == null ? null
                            : issue.conflictsOfInterest().stream().filter(c -> c.username().equals(username))
                                   .map(c -> c.reason() == null ? "" : c.reason()).findFirst().orElse(null);
                    String party = collaboration.members().stream().filter(m -> m.username().equals(username))
                            .map(CollaborationView.Member::partyId).filter(java.util.Objects::nonNull)
                            .reduce((first, last) -> last).orElse(null);
                    if (declared != null) {
                        return new Recusal(username, null, declared);
                    }
                    return IssueActions.partyInvolved(issue, party)
                            ? new Recusal(username, partyNames.getOrDefault(party, party), null) : null;
                })
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
