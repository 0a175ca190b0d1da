package org.concordia.infra.api.collaboration;

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
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.collaboration.RemoveMember;
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
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Parties, members and the governance ladder of a collaboration. Only its coordinators may change them. */
@RestController
@RequestMapping(path = "/api/v1/collaborations/{collaborationId}", produces = "application/json")
class GovernanceController {

    record RegisterPartyRequest(@NotBlank @Size(max = 64) String partyId, @NotBlank @Size(max = 200) String name,
                                @NotNull PartyRole role) {
    }

    record AddMemberRequest(@NotBlank String username, @NotBlank String partyId,
                            @NotEmpty Set<@NotNull MemberRole> roles) {
    }

    /** SLAs from a minute to ten years: shorter is a typo, longer is no SLA (and far longer overflowed the timers). */
    record Tier(@NotBlank @Size(max = 200) String name, @NotEmpty List<@NotBlank String> members,
                @NotNull @DurationMin(minutes = GovernanceTier.SHORTEST_SLA_MINUTES)
                @DurationMax(days = GovernanceTier.LONGEST_SLA_DAYS) Duration acknowledgeWithin,
                @NotNull @DurationMin(minutes = GovernanceTier.SHORTEST_SLA_MINUTES)
                @DurationMax(days = GovernanceTier.LONGEST_SLA_DAYS) Duration resolveWithin,
                @Min(1) @Max(1000) int quorum) {
    }

    record LadderRequest(@NotEmpty @Size(max = 20) List<@Valid @NotNull Tier> tiers) {
    }

    private final CommandDispatcher commands;
    private final ApiSupport api;
    private final UserAccounts users;

    GovernanceController(CommandDispatcher commands, ApiSupport api, UserAccounts users) {
        this.commands = commands;
        this.api = api;
        this.users = users;
    }

    @PostMapping(path = "/parties", consumes = "application/json")
    ResponseEntity<CommandResponse> registerParty(@PathVariable String collaborationId,
                                                  @Valid @RequestBody RegisterPartyRequest body,
                                                  @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                  Authentication caller) {
        return send(collaborationId, new RegisterParty(collaborationId, body.partyId(), body.name(), body.role(),
                                                       caller.getName()), ifMatch);
    }

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

    @DeleteMapping("/members/{username}")
    ResponseEntity<CommandResponse> removeMember(@PathVariable String collaborationId, @PathVariable String username,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 Authentication caller) {
        return send(collaborationId, new RemoveMember(collaborationId, username, null, caller.getName()), ifMatch);
    }

    @PutMapping(path = "/governance", consumes = "application/json")
    ResponseEntity<CommandResponse> defineLadder(@PathVariable String collaborationId,
                                                 @Valid @RequestBody LadderRequest body,
                                                 @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                 Authentication caller) {
        List<GovernanceTier> tiers = body.tiers().stream()
                .map(t -> new GovernanceTier(t.name(), t.members(), t.acknowledgeWithin(), t.resolveWithin(), t.quorum()))
                .toList();
        return send(collaborationId, new DefineGovernanceLadder(collaborationId, tiers, caller.getName()), ifMatch);
    }

    private ResponseEntity<CommandResponse> send(String collaborationId, Object command, String ifMatch) {
        long version = commands.dispatch(command, Collaboration.class, EntityTags.expectedVersion(ifMatch)).versionOf(collaborationId);
        return CommandResponse.ok(collaborationId, version);
    }
}
