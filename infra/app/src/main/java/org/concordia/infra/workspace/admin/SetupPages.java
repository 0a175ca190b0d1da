package org.concordia.infra.workspace.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.AddMember;
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

    @PostMapping("/members/{username}/remove")
    String removeMember(@PathVariable String cid, @PathVariable String username,
                        @RequestParam(defaultValue = "") String reason, Authentication caller, Model model,
                        HttpServletResponse response) {
        return send(cid, "remove-" + username, caller, model, response,
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
            return new DefineGovernanceLadder(cid, tiers, entryRoutes(collaboration),
                                              reason == null || reason.isBlank() ? null : reason.trim(),
                                              caller.getName());
        });
    }

    /** The entry routes in force: the editor keeps them as they are. */
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
        model.addAttribute("entryRoutes", entryRoutes(collaboration).stream().map(EntryRoute::describe).toList());
        model.addAttribute("ladderDefined", collaboration.governance() != null
                                            && collaboration.governance().version() > 0);
        return "setup";
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
