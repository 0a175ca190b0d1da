package org.concordia.infra.api.collaboration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.api.PageResponse;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;
import org.springframework.http.ResponseEntity;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Collaborations: register one, list mine, read one I belong to. */
@RestController
@Validated
@RequestMapping(path = "/api/v1/collaborations", produces = "application/json")
class CollaborationController {

    private static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    record RegisterCollaborationRequest(
            @NotBlank @Pattern(regexp = "^[A-Z]{2,10}$", message = "must be 2 to 10 upper-case letters") String key,
            @NotBlank @Size(max = 200) String name,
            @NotNull CollaborationKind kind,
            @Size(max = 20_000) String description) {
    }

    private final CommandDispatcher commands;
    private final QueryGateway queries;

    CollaborationController(CommandDispatcher commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<CommandResponse> register(@Valid @RequestBody RegisterCollaborationRequest body,
                                             Authentication caller) {
        RegisterCollaboration command = RegisterCollaboration.of(body.key(), body.name(), body.kind(),
                                                                 body.description(), caller.getName());
        long version = commands.dispatch(command).versionOf(command.collaborationId());
        return ResponseEntity.created(URI.create("/api/v1/collaborations/" + command.collaborationId()))
                             .eTag(Long.toString(version))
                             .body(new CommandResponse(command.collaborationId(), version));
    }

    @GetMapping
    PageResponse<CollaborationSummary> mine(@RequestParam(defaultValue = "0") @Min(0) int page,
                                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                                            Authentication caller) {
        List<CollaborationSummary> all = queries.query(new FindCollaborationsOfMember(caller.getName()),
                                                       ResponseTypes.multipleInstancesOf(CollaborationSummary.class))
                                                .join();
        return PageResponse.of(all, page, size);
    }

    @GetMapping("/{collaborationId}")
    ResponseEntity<CollaborationView> one(@PathVariable String collaborationId,
                                          @RequestParam Optional<@Min(0) Long> minVersion,
                                          Authentication caller) {
        CollaborationView view = awaitVersion(collaborationId, minVersion.orElse(-1L))
                .filter(v -> v.activeMember(caller.getName()).isPresent())
                .orElseThrow(org.concordia.infra.api.NotFound::new);
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    /** Read-your-writes: waits (bounded) until the view has applied {@code minVersion}. */
    private Optional<CollaborationView> awaitVersion(String collaborationId, long minVersion) {
        long deadline = System.nanoTime() + READ_YOUR_WRITES_WAIT.toNanos();
        while (true) {
            Optional<CollaborationView> view = queries.query(new FindCollaboration(collaborationId),
                                                             ResponseTypes.optionalInstanceOf(CollaborationView.class))
                                                      .join();
            if (view.map(v -> v.version() >= minVersion).orElse(minVersion < 0) || System.nanoTime() > deadline) {
                return view;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return view;
            }
        }
    }
}
