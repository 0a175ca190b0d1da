package org.concordia.infra.api.collaboration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.api.PageResponse;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** Collaborations: register one, list mine, read one I belong to. */
@Tag(name = "Collaborations",
     description = "Multi-party collaborations, their parties, members and governance ladder")
@RestController
@Validated
@RequestMapping(path = "/api/v1/collaborations", produces = "application/json")
class CollaborationController {

    record RegisterCollaborationRequest(
            @NotBlank @Pattern(regexp = "^[A-Z]{2,10}$", message = "must be 2 to 10 upper-case letters")
            @Schema(example = "ONCO") String key,
            @NotBlank @Size(max = 200) @Schema(example = "ONCO-3 phase III consortium") String name,
            @NotNull @Schema(example = "CLINICAL_TRIAL") CollaborationKind kind,
            @Size(max = 20_000) @Schema(example = "Sponsor, CRO and twelve sites") String description,
            @Size(max = 64) @Schema(description = "administrators only: the user who becomes coordinator "
                                                  + "(default: the caller)") String coordinator) {
    }

    private final CommandDispatcher commands;
    private final QueryGateway queries;
    private final UserAccounts users;
    private final ApiSupport api;
    private final CurrentCollaborations memberships;

    CollaborationController(CommandDispatcher commands, QueryGateway queries, UserAccounts users, ApiSupport api,
                            CurrentCollaborations memberships) {
        this.commands = commands;
        this.queries = queries;
        this.users = users;
        this.api = api;
        this.memberships = memberships;
    }

    @Operation(summary = "Register a collaboration (you become its coordinator)")
    @PostMapping(consumes = "application/json")
    ResponseEntity<CommandResponse> register(@Valid @RequestBody RegisterCollaborationRequest body,
                                             Authentication caller) {
        String coordinator = caller.getName();
        if (body.coordinator() != null && !body.coordinator().equals(caller.getName())) {
            // Only administrators register a collaboration for someone else, who must be a known user.
            if (caller.getAuthorities().stream().noneMatch(a -> a.getAuthority().equals("ROLE_" + UserAccounts.ADMIN_ROLE))) {
                throw new AccessDeniedException("only administrators may register a collaboration for someone else");
            }
            if (!users.exists(body.coordinator())) {
                throw new IllegalArgumentException("coordinator: no such user");
            }
            coordinator = body.coordinator();
        }
        RegisterCollaboration command = new RegisterCollaboration(
                CollaborationId.forKey(body.key()).value(), body.key(), body.name(), body.kind(), body.description(),
                coordinator, caller.getName());
        long version = commands.dispatch(command).versionOf(command.collaborationId());
        return ResponseEntity.created(URI.create("/api/v1/collaborations/" + command.collaborationId()))
                             .eTag(Long.toString(version))
                             .body(new CommandResponse(command.collaborationId(), version));
    }

    @Operation(summary = "The collaborations you belong to")
    @GetMapping
    PageResponse<CollaborationSummary> mine(@RequestParam(defaultValue = "0") @Min(0) int page,
                                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                            Authentication caller) {
        return PageResponse.of(memberships.collaborationsOf(caller.getName()), page, size);
    }

    /**
     * Read from the collaboration's own events ({@link ApiSupport#requireMember}), so it already includes every
     * acknowledged write: {@code minVersion} is accepted and always met at once.
     */
    @Operation(summary = "One collaboration with its parties, members and governance ladder")
    @GetMapping("/{collaborationId}")
    ResponseEntity<CollaborationView> one(@PathVariable String collaborationId,
                                          @RequestParam Optional<@Min(0) Long> minVersion,
                                          @RequestParam(required = false) Instant asOf,
                                          Authentication caller) {
        // Who may look is decided by today's membership; what they see may be any past instant.
        CollaborationView current = api.requireMember(collaborationId, caller.getName());
        CollaborationView view = asOf == null ? current
                : queries.query(new FindCollaboration(collaborationId, asOf),
                                ResponseTypes.optionalInstanceOf(CollaborationView.class)).join()
                         .orElseThrow(NotFound::new);
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }
}
