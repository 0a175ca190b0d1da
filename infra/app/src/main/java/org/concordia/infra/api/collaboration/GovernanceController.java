package org.concordia.infra.api.collaboration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.concordia.command.collaboration.Collaboration;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.EntityTags;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.ChangeMember;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.EntryRoute;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.collaboration.RemoveMember;
import org.concordia.kernel.collaboration.Threshold;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.Severity;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Parties, members and the governance ladder of a collaboration. Only its coordinators may change them. */
@Tag(name = "Collaborations")
@RestController
@RequestMapping(path = "/api/v1/collaborations/{collaborationId}", produces = "application/json")
class GovernanceController {

    record RegisterPartyRequest(@NotBlank @Size(max = 64) String partyId, @NotBlank @Size(max = 200) String name,
                                @NotNull PartyRole role) {
    }

    record AddMemberRequest(@NotBlank String username, @NotBlank String partyId,
                            @NotEmpty Set<@NotNull MemberRole> roles) {
    }

    /**
     * How a tier decides. {@code threshold}: SIMPLE_MAJORITY, TWO_THIRDS or UNANIMITY of the votes for or against
     * (abstentions count toward the quorum only); {@code votingPeriod}: ISO-8601 duration, absent for none.
     */
    record Rule(@Min(1) @Max(1000) int participationQuorum, @NotNull Threshold threshold, boolean chairHasCastingVote,
                Duration votingPeriod) {
    }

    /**
     * A tier: its body, its {@code chair} (one of them) and its {@code decisionRule}. The older {@code quorum} (N
     * approvals) is still accepted instead of a decision rule, and read as "N take part, simple majority". SLAs from
     * a minute to ten years: shorter is a typo, longer is no SLA (and far longer overflowed the timers).
     */
    record Tier(@NotBlank @Size(max = 200) String name, @NotEmpty List<@NotBlank String> members, String chair,
                @NotNull @DurationMin(minutes = GovernanceTier.SHORTEST_SLA_MINUTES)
                @DurationMax(days = GovernanceTier.LONGEST_SLA_DAYS) Duration acknowledgeWithin,
                @NotNull @DurationMin(minutes = GovernanceTier.SHORTEST_SLA_MINUTES)
                @DurationMax(days = GovernanceTier.LONGEST_SLA_DAYS) Duration resolveWithin,
                @Valid Rule decisionRule, @Min(1) @Max(1000) Integer quorum) {

        GovernanceTier toTier() {
            if ((decisionRule == null) == (quorum == null)) {
                throw new IllegalArgumentException("decisionRule: give a decision rule (or, as before, a quorum), "
                                                   + "not both");
            }
            DecisionRule rule = decisionRule == null ? DecisionRule.fromApprovalQuorum(quorum)
                    : new DecisionRule(decisionRule.participationQuorum(), decisionRule.threshold(),
                                       decisionRule.chairHasCastingVote(), decisionRule.votingPeriod());
            return new GovernanceTier(name, members, chair, acknowledgeWithin, resolveWithin, rule);
        }
    }

    /** Issues of {@code category} (absent: any) and at least {@code minimumSeverity} (absent: any) start at {@code level}. */
    record Route(IssueCategory category, Severity minimumSeverity, @Min(1) @Max(100) int level) {
    }

    /** {@code reason}: required once a ladder exists. */
    record LadderRequest(@NotEmpty @Size(max = 20) List<@Valid @NotNull Tier> tiers,
                         @Size(max = 50) List<@Valid @NotNull Route> entryRoutes, @Size(max = 2_000) String reason) {
    }

    record ChangeMemberRequest(@NotBlank String partyId, @NotEmpty Set<@NotNull MemberRole> roles,
                               @NotBlank @Size(max = 2_000) String reason) {
    }

    private final CommandDispatcher commands;
    private final ApiSupport api;
    private final UserAccounts users;

    GovernanceController(CommandDispatcher commands, ApiSupport api, UserAccounts users) {
        this.commands = commands;
        this.api = api;
        this.users = users;
    }

    @Operation(summary = "Register a party (an organisation) in a collaboration")
    @PostMapping(path = "/parties", consumes = "application/json")
    ResponseEntity<CommandResponse> registerParty(@PathVariable String collaborationId,
                                                  @Valid @RequestBody RegisterPartyRequest body,
                                                  @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                  Authentication caller) {
        return send(collaborationId, new RegisterParty(collaborationId, body.partyId(), body.name(), body.role(),
                                                       caller.getName()), ifMatch);
    }

    @Operation(summary = "Add a member, on behalf of a party, with roles")
    @PostMapping(path = "/members", consumes = "application/json")
    ResponseEntity<CommandResponse> addMember(@PathVariable String collaborationId,
                                              @Valid @RequestBody AddMemberRequest body,
                                              @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                              Authentication caller) {
        if (!users.exists(body.username())) {
            throw new IllegalArgumentException("username: no such user");
        }
        return send(collaborationId, new AddMember(collaborationId, body.username(), body.partyId(), body.roles(),
                                                   caller.getName()), ifMatch);
    }

    /** The reason is required ({@code ?reason=}); their open items: {@code GET .../members/{username}/open-items}. */
    @Operation(summary = "Remove a member, with a reason (history keeps them)")
    @DeleteMapping("/members/{username}")
    ResponseEntity<CommandResponse> removeMember(@PathVariable String collaborationId, @PathVariable String username,
                                                 @RequestParam(required = false) String reason,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 Authentication caller) {
        return send(collaborationId, new RemoveMember(collaborationId, username, reason, caller.getName()), ifMatch);
    }

    /** Correct a member's party or roles, with a reason. */
    @Operation(summary = "Correct a member's party or roles, with a reason")
    @PutMapping(path = "/members/{username}", consumes = "application/json")
    ResponseEntity<CommandResponse> changeMember(@PathVariable String collaborationId, @PathVariable String username,
                                                 @Valid @RequestBody ChangeMemberRequest body,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 Authentication caller) {
        return send(collaborationId, new ChangeMember(collaborationId, username, body.partyId(), body.roles(),
                                                      body.reason(), caller.getName()), ifMatch);
    }

    @Operation(summary = "Define the escalation ladder: tiers, their bodies, SLAs and decision rules")
    @PutMapping(path = "/governance", consumes = "application/json")
    ResponseEntity<CommandResponse> defineLadder(@PathVariable String collaborationId,
                                                 @Valid @RequestBody LadderRequest body,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 Authentication caller) {
        List<GovernanceTier> tiers = body.tiers().stream().map(Tier::toTier).toList();
        List<EntryRoute> routes = body.entryRoutes() == null ? List.of() : body.entryRoutes().stream()
                .map(r -> new EntryRoute(r.category(), r.minimumSeverity(), r.level())).toList();
        return send(collaborationId, new DefineGovernanceLadder(collaborationId, tiers, routes, body.reason(),
                                                                caller.getName()), ifMatch);
    }

    private ResponseEntity<CommandResponse> send(String collaborationId, Object command, String ifMatch) {
        long version = commands.dispatch(command, Collaboration.class, EntityTags.expectedVersion(ifMatch)).versionOf(collaborationId);
        return CommandResponse.ok(collaborationId, version);
    }
}
