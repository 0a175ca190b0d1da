package org.concordia.infra.workspace.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.ChangeMember;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.Severity;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.collaboration.RemoveMember;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A collaboration's set-up: parties, members and roles, and the governance-ladder editor (tiers, their members and
 * chair, SLA durations, decision rule; a reason for every change once a ladder exists). The entry routes in force are
 * shown and kept as they are. Everyone who belongs sees it; the commands are the API's, so only coordinators change it
 * (anyone else is refused by the aggregate, in words).
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
@RequestMapping("/app/c/{cid}/setup")
class SetupPages {

    /** Rows the ladder editor shows beyond the tiers in force, to add tiers. */
    static final int SPARE_TIERS = 1;
    /** Rows of entry routes shown beyond those in force, to add one. */
    static final int SPARE_ROUTES = 1;

    /** One row of the entry routes: category and minimum severity (blank: any), and the tier issues enter at. */
    public record RouteRow(int index, String category, String minimumSeverity, String level) {
    }

    /** One row of the ladder editor: a tier in force, a new one, or what was typed into a refused form. */
    public record TierRow(int index, boolean existing, String name, String acknowledgeWithin, String resolveWithin,
                          List<String> members, String chair, String participationQuorum, String threshold,
                          boolean castingVote, String votingPeriod) {
    }

    private final Reads reads;
    private final CommandDispatcher commands;
    private final UserAccounts users;
    private final MessageSource messages;

    SetupPages(Reads reads, CommandDispatcher commands, UserAccounts users, MessageSource messages) {
        this.reads = reads;
        this.commands = commands;
        this.users = users;
        this.messages = messages;
    }

    @GetMapping
    String setup(@PathVariable String cid, Authentication caller, Model model) {
        return page(reads.collaboration(cid, caller.getName()), caller, model, null);
    }

    @PostMapping("/parties")
    String addParty(@PathVariable String cid, @RequestParam(defaultValue = "") String partyId,
                    @RequestParam(defaultValue = "") String name, @RequestParam(required = false) PartyRole role,
                    Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, "party", caller, model, response,
                    () -> new RegisterParty(cid, partyId.trim(), name.trim(), role, caller.getName()));
    }

    @PostMapping("/members")
    String addMember(@PathVariable String cid, @RequestParam(defaultValue = "") String username,
                     @RequestParam(defaultValue = "") String partyId,
                     @RequestParam(required = false) List<MemberRole> roles,
                     Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, "member", caller, model, response, () -> {
            if (!users.exists(username.trim())) {
                throw new IllegalArgumentException("username: no such user");
            }
            return new AddMember(cid, username.trim(), partyId, roles == null ? Set.of() : EnumSet.copyOf(roles),
                                 caller.getName());
        });
    }

    /**
     * One member: their party and roles, to correct with a reason, and what they still hold here (the open items the
     * API lists at {@code GET .../members/{username}/open-items}: tiers, actions, ballots, issues to acknowledge), each
     * linked to its issue for reassignment before they are removed.
     */
    @GetMapping("/members/{username}")
    String member(@PathVariable String cid, @PathVariable String username, Authentication caller, Model model) {
        return memberPage(reads.collaboration(cid, caller.getName()), username, caller, model, null);
    }

    /** As {@code PUT .../members/{username}}: party and roles corrected, with a reason. */
    @PostMapping("/members/{username}/change")
    String changeMember(@PathVariable String cid, @PathVariable String username,
                        @RequestParam(defaultValue = "") String partyId,
                        @RequestParam(required = false) List<MemberRole> roles,
                        @RequestParam(defaultValue = "") String reason, Authentication caller, Model model,
                        HttpServletResponse response) {
        return sendForMember(cid, username, "change", caller, model, response,
                             () -> new ChangeMember(cid, username, partyId, roles == null ? Set.of()
                                     : EnumSet.copyOf(roles), reason.strip(), caller.getName()));
    }

    /** As {@code DELETE .../members/{username}?reason=}: history keeps them; their open items are shown first. */
    @PostMapping("/members/{username}/remove")
    String removeMember(@PathVariable String cid, @PathVariable String username,
                        @RequestParam(defaultValue = "") String reason, Authentication caller, Model model,
                        HttpServletResponse response) {
        return sendForMember(cid, username, "remove", caller, model, response,
                    () -> new RemoveMember(cid, username, reason.isBlank() ? null : reason.trim(), caller.getName()));
    }

    /**
     * Rows {@code name-i}, {@code members-i}, {@code chair-i}, {@code ack-i}, {@code resolve-i}, {@code quorum-i}
     * (participation), {@code threshold-i}, {@code casting-i}, {@code period-i} (blank: no voting period); blank names
     * are skipped. The entry routes in force are kept; {@code reason} is required once a ladder exists.
     */
    @PostMapping("/ladder")
    String defineLadder(@PathVariable String cid, @RequestParam MultiValueMap<String, String> form,
                        Authentication caller, Model model, HttpServletResponse response) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        return send(cid, "ladder", caller, model, response, () -> {
            List<GovernanceTier> tiers = new ArrayList<>();
            for (int row = 0; form.containsKey("name-" + row); row++) {
                String name = form.getFirst("name-" + row);
                if (name == null || name.isBlank()) {
                    continue;
                }
                String field = "tier " + (tiers.size() + 1);
                String chair = form.getFirst("chair-" + row);
                String period = form.getFirst("period-" + row);
                DecisionRule rule = new DecisionRule(number(field + " quorum", form.getFirst("quorum-" + row)),
                                                     threshold(field + " threshold", form.getFirst("threshold-" + row)),
                                                     form.containsKey("casting-" + row),
                                                     period == null || period.isBlank() ? null
                                                             : duration(field + " voting period", period));
                tiers.add(new GovernanceTier(name.trim(), form.getOrDefault("members-" + row, List.of()),
                                             chair == null || chair.isBlank() ? null : chair,
                                             duration(field + " acknowledge within", form.getFirst("ack-" + row)),
                                             duration(field + " resolve within", form.getFirst("resolve-" + row)),
                                             rule));
            }
            String reason = form.getFirst("reason");
            return new DefineGovernanceLadder(cid, tiers, routes(form),
                                              reason == null || reason.isBlank() ? null : reason.trim(),
                                              caller.getName());
        });
    }

    /**
     * Rows {@code route-category-i}, {@code route-severity-i} (blank: any) and {@code route-level-i} (blank: the row
     * is dropped), tried in order as the ladder tries them.
     */
    private static List<EntryRoute> routes(MultiValueMap<String, String> form) {
        List<EntryRoute> routes = new ArrayList<>();
        for (int row = 0; form.containsKey("route-level-" + row); row++) {
            String level = form.getFirst("route-level-" + row);
            if (level == null || level.isBlank()) {
                continue;
            }
            String field = "entry route " + (routes.size() + 1);
            String category = form.getFirst("route-category-" + row);
            String severity = form.getFirst("route-severity-" + row);
            routes.add(new EntryRoute(category == null || category.isBlank() ? null : IssueCategory.valueOf(category),
                                      severity == null || severity.isBlank() ? null : Severity.valueOf(severity),
                                      number(field + " tier", level)));
        }
        return routes;
    }

    /** The entry routes in force. */
    private static List<EntryRoute> entryRoutes(CollaborationView collaboration) {
        return collaboration.governance() == null || collaboration.governance().entryRoutes() == null ? List.of()
                : collaboration.governance().entryRoutes();
    }

    private String send(String cid, String action, Authentication caller, Model model, HttpServletResponse response,
                        Supplier<Object> command) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        try {
            long version = commands.dispatch(command.get(), Collaboration.class, null).versionOf(cid);
            reads.awaitCollaboration(cid, version);
            return "redirect:/app/c/" + cid + "/setup";
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.of(action, failure, messages);
            if (refusal == null) {
                throw failure;
            }
            response.setStatus(refusal.status().value());
            return page(collaboration, caller, model, refusal);
        }
    }

    private String page(CollaborationView collaboration, Authentication caller, Model model, Refusal refusal) {
        boolean coordinator = collaboration.activeMember(caller.getName())
                                           .map(m -> m.roles().contains(MemberRole.COORDINATOR)).orElse(false);
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "setup");
        model.addAttribute("coordinator", coordinator);
        model.addAttribute("refusal", refusal);
        model.addAttribute("partyRoles", PartyRole.values());
        model.addAttribute("memberRoles", MemberRole.values());
        model.addAttribute("activeMembers", collaboration.members().stream().filter(CollaborationView.Member::active)
                                                         .toList());
        model.addAttribute("rows", refusal != null && refusal.action().equals("ladder") ? typedRows() : rows(collaboration));
        model.addAttribute("thresholds", Threshold.values());
        model.addAttribute("routeRows", refusal != null && refusal.action().equals("ladder") ? typedRoutes()
                : routeRows(collaboration));
        model.addAttribute("categories", IssueCategory.values());
        model.addAttribute("severities", Severity.values());
        model.addAttribute("ladderDefined", collaboration.governance() != null
                                            && collaboration.governance().version() > 0);
        return "setup";
    }

    private String sendForMember(String cid, String username, String action, Authentication caller, Model model,
                                 HttpServletResponse response, Supplier<Object> command) {
        CollaborationView collaboration = reads.collaboration(cid, caller.getName());
        requireMember(collaboration, username);
        try {
            long version = commands.dispatch(command.get(), Collaboration.class, null).versionOf(cid);
            reads.awaitCollaboration(cid, version);
            return "redirect:/app/c/" + cid + "/setup" + (action.equals("remove") ? "" : "/members/" + username);
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.of(action, failure, messages);
            if (refusal == null) {
                throw failure;
            }
            response.setStatus(refusal.status().value());
            return memberPage(collaboration, username, caller, model, refusal);
        }
    }

    private static CollaborationView.Member requireMember(CollaborationView collaboration, String username) {
        return collaboration.activeMember(username).orElseThrow(NotFound::new);
    }

    private String memberPage(CollaborationView collaboration, String username, Authentication caller, Model model,
                              Refusal refusal) {
        CollaborationView.Member member = requireMember(collaboration, username);
        boolean coordinator = collaboration.activeMember(caller.getName())
                                           .map(m -> m.roles().contains(MemberRole.COORDINATOR)).orElse(false);
        model.addAttribute("collaboration", collaboration);
        model.addAttribute("section", "setup");
        model.addAttribute("coordinator", coordinator);
        // the forms show to coordinators only: anyone else's refusal is shown at the top
        model.addAttribute("refusal", refusal == null || coordinator ? refusal
                : new Refusal("other", refusal.rule(), refusal.sentence(), refusal.detail(), refusal.field(),
                              refusal.status()));
        model.addAttribute("member", member);
        model.addAttribute("memberRoles", MemberRole.values());
        model.addAttribute("tiers", collaboration.governance() == null ? Set.of()
                : collaboration.governance().tiersOf(username));
        model.addAttribute("items", reads.openItems(collaboration.id(), username, caller.getName()));
        return "member";
    }

    private static List<RouteRow> routeRows(CollaborationView collaboration) {
        List<RouteRow> rows = new ArrayList<>();
        for (EntryRoute route : entryRoutes(collaboration)) {
            rows.add(new RouteRow(rows.size(), route.category() == null ? "" : route.category().name(),
                                  route.minimumSeverity() == null ? "" : route.minimumSeverity().name(),
                                  String.valueOf(route.level())));
        }
        for (int spare = 0; spare < SPARE_ROUTES; spare++) {
            rows.add(new RouteRow(rows.size(), "", "", ""));
        }
        return rows;
    }

    /** The entry routes as the refused form held them. */
    private static List<RouteRow> typedRoutes() {
        List<RouteRow> rows = new ArrayList<>();
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
            jakarta.servlet.http.HttpServletRequest request = attributes.getRequest();
            for (int row = 0; request.getParameter("route-level-" + row) != null; row++) {
                rows.add(new RouteRow(row, request.getParameter("route-category-" + row),
                                      request.getParameter("route-severity-" + row),
                                      request.getParameter("route-level-" + row)));
            }
        }
        return rows;
    }

    private static List<TierRow> rows(CollaborationView collaboration) {
        List<TierRow> rows = new ArrayList<>();
        List<GovernanceTier> tiers = collaboration.governance() == null ? List.of() : collaboration.governance().tiers();
        for (GovernanceTier tier : tiers) {
            DecisionRule rule = tier.decisionRule();
            rows.add(new TierRow(rows.size(), true, tier.name(), iso(tier.acknowledgeWithin()),
                                 iso(tier.resolveWithin()), tier.members(), tier.chair(),
                                 String.valueOf(rule.participationQuorum()), rule.threshold().name(),
                                 rule.chairHasCastingVote(),
                                 rule.votingPeriod() == null ? "" : iso(rule.votingPeriod())));
        }
        for (int spare = 0; spare < SPARE_TIERS; spare++) {
            rows.add(new TierRow(rows.size(), false, "", "P2D", "P30D", List.of(), null, "1",
                                 Threshold.SIMPLE_MAJORITY.name(), false, ""));
        }
        return rows;
    }

    /** The rows as the refused form held them (the form keeps what was typed). */
    private static List<TierRow> typedRows() {
        List<TierRow> rows = new ArrayList<>();
        if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
                instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
            jakarta.servlet.http.HttpServletRequest request = attributes.getRequest();
            for (int row = 0; request.getParameter("name-" + row) != null; row++) {
                String[] members = request.getParameterValues("members-" + row);
                rows.add(new TierRow(row, true, request.getParameter("name-" + row), request.getParameter("ack-" + row),
                                     request.getParameter("resolve-" + row),
                                     members == null ? List.of() : List.of(members),
                                     request.getParameter("chair-" + row), request.getParameter("quorum-" + row),
                                     request.getParameter("threshold-" + row),
                                     request.getParameter("casting-" + row) != null,
                                     request.getParameter("period-" + row)));
            }
        }
        return rows;
    }

    /** P2D rather than Java's PT48H: whole days read as days. */
    static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
    }

    private static Duration duration(String field, String text) {
        try {
            return Duration.parse(text == null ? "" : text.trim().toUpperCase());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": must be a duration such as P2D (2 days) or PT4H (4 hours)");
        }
    }

    private static Threshold threshold(String field, String text) {
        try {
            return Threshold.valueOf(text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": must be simple majority, two thirds or unanimity");
        }
    }

    private static int number(String field, String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": must be a whole number");
        }
    }
}
