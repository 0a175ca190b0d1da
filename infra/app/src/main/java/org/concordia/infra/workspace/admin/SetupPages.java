package org.concordia.infra.workspace.admin;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.collaboration.RemoveMember;
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
 * A collaboration's set-up: parties, members and roles, and the governance-ladder editor (tiers, their members,
 * SLA durations, quorum). Everyone who belongs sees it; the commands are the API's, so only coordinators change it
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
                          String quorum, List<String> members) {
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
    String removeMember(@PathVariable String cid, @PathVariable String username, Authentication caller, Model model,
                        HttpServletResponse response) {
        return send(cid, "remove-" + username, caller, model, response,
                    () -> new RemoveMember(cid, username, null, caller.getName()));
    }

    /** Rows {@code name-i}, {@code members-i}, {@code ack-i}, {@code resolve-i}, {@code quorum-i}; blank names are skipped. */
    @PostMapping("/ladder")
    String defineLadder(@PathVariable String cid, @RequestParam MultiValueMap<String, String> form,
                        Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, "ladder", caller, model, response, () -> {
            List<GovernanceTier> tiers = new ArrayList<>();
            for (int row = 0; form.containsKey("name-" + row); row++) {
                String name = form.getFirst("name-" + row);
                if (name == null || name.isBlank()) {
                    continue;
                }
                int level = tiers.size() + 1;
                tiers.add(new GovernanceTier(name.trim(), form.getOrDefault("members-" + row, List.of()),
                                             duration("tier " + level + " acknowledge within", form.getFirst("ack-" + row)),
                                             duration("tier " + level + " resolve within", form.getFirst("resolve-" + row)),
                                             number("tier " + level + " quorum", form.getFirst("quorum-" + row))));
            }
            return new DefineGovernanceLadder(cid, tiers, caller.getName());
        });
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
        return "setup";
    }

    private static List<TierRow> rows(CollaborationView collaboration) {
        List<TierRow> rows = new ArrayList<>();
        List<GovernanceTier> tiers = collaboration.governance() == null ? List.of() : collaboration.governance().tiers();
        for (GovernanceTier tier : tiers) {
            rows.add(new TierRow(rows.size(), true, tier.name(), iso(tier.acknowledgeWithin()),
                                 iso(tier.resolveWithin()), String.valueOf(tier.quorum()), tier.members()));
        }
        for (int spare = 0; spare < SPARE_TIERS; spare++) {
            rows.add(new TierRow(rows.size(), false, "", "P2D", "P30D", "1", List.of()));
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
                                     request.getParameter("resolve-" + row), request.getParameter("quorum-" + row),
                                     members == null ? List.of() : List.of(members)));
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

    private static int number(String field, String text) {
        try {
            return Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": must be a whole number");
        }
    }
}
