package org.concordia.infra.api.issue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.kernel.issue.AssessImpact;
import org.concordia.kernel.issue.FlagSeriousBreach;
import org.concordia.kernel.issue.PlanEffectivenessCheck;
import org.concordia.kernel.issue.RecordEffectivenessCheck;
import org.concordia.kernel.issue.RecordRootCause;
import org.concordia.kernel.issue.ReportSeriousBreach;
import org.concordia.kernel.issue.RiskLevel;
import org.concordia.kernel.issue.RootCauseMethod;
import org.concordia.kernel.shared.SignatureMeaning;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CAPA an inspector accepts (issue 15 §3): root cause, impact and risk before actions, the effectiveness check
 * (planned, then recorded and signed by someone independent); and the serious-breach notification clock (§4).
 */
@RestController
@Tag(name = "Issues")
@RequestMapping(path = "/api/v1/collaborations/{cid}/issues/{iid}", produces = "application/json")
class CapaController {

    private static final String JSON = "application/json";

    /** {@code reason}: required when it replaces an earlier root cause. */
    record RootCauseRequest(@NotNull RootCauseMethod method, @NotBlank @Size(max = 20_000) String statement,
                            @Size(max = 2_000) String reason) {
    }

    record ImpactRequest(@NotBlank @Size(max = 20_000) String impact, @NotNull RiskLevel risk,
                         @Size(max = 2_000) String reason) {
    }

    record CheckPlanRequest(@NotBlank @Size(max = 20_000) String criteria, @NotNull LocalDate dueOn,
                            @Size(max = 2_000) String reason) {
    }

    record CheckRequest(@NotNull Boolean effective, @NotBlank @Size(max = 20_000) String findings,
                        @NotNull @Valid IssueCorrectionController.SignatureRequest signature) {
    }

    record ReasonRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    record NotificationRequest(@NotBlank @Size(max = 200) String reference, @Size(max = 2_000) String note) {
    }

    private final IssueCommands commands;
    private final ElectronicSignatures signatures;

    CapaController(IssueCommands commands, ElectronicSignatures signatures) {
        this.commands = commands;
        this.signatures = signatures;
    }

    @Operation(summary = "Record the root cause (method and statement) before actions are agreed")
    @PostMapping(path = "/root-cause", consumes = JSON)
    ResponseEntity<CommandResponse> rootCause(@PathVariable String cid, @PathVariable String iid,
                                              @Valid @RequestBody RootCauseRequest body,
                                              @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                              Authentication caller) {
        return commands.send(cid, iid, ifMatch, new RecordRootCause(iid, body.method(), body.statement(),
                body.reason(), caller.getName()));
    }

    @Operation(summary = "Record the impact and risk assessment")
    @PostMapping(path = "/impact", consumes = JSON)
    ResponseEntity<CommandResponse> impact(@PathVariable String cid, @PathVariable String iid,
                                           @Valid @RequestBody ImpactRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return commands.send(cid, iid, ifMatch, new AssessImpact(iid, body.impact(), body.risk(), body.reason(),
                caller.getName()));
    }

    @Operation(summary = "Plan the effectiveness check: criteria and due date")
    @PostMapping(path = "/effectiveness-check/plan", consumes = JSON)
    ResponseEntity<CommandResponse> planCheck(@PathVariable String cid, @PathVariable String iid,
                                              @Valid @RequestBody CheckPlanRequest body,
                                              @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                              Authentication caller) {
        return commands.send(cid, iid, ifMatch, new PlanEffectivenessCheck(iid, body.criteria(), body.dueOn(),
                body.reason(), caller.getName()));
    }

    /** Signed EFFECTIVENESS_VERIFIED or EFFECTIVENESS_NOT_VERIFIED, matching {@code effective}. */
    @Operation(summary = "Record the effectiveness check (signed; not by the actions' owner)")
    @PostMapping(path = "/effectiveness-check", consumes = JSON)
    ResponseEntity<CommandResponse> recordCheck(@PathVariable String cid, @PathVariable String iid,
                                                @Valid @RequestBody CheckRequest body,
                                                @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                Authentication caller) {
        SignatureMeaning meaning = body.signature().meaning();
        RecordEffectivenessCheck.requireMeaningFits(body.effective(), meaning);
        return commands.send(cid, iid, ifMatch, () -> new RecordEffectivenessCheck(iid, body.effective(),
                body.findings(), caller.getName(), signatures.sign(caller, meaning, body.signature().password())));
    }

    @Operation(summary = "Flag the issue as a possible serious breach (starts the notification clock)")
    @PostMapping(path = "/serious-breach", consumes = JSON)
    ResponseEntity<CommandResponse> flagSeriousBreach(@PathVariable String cid, @PathVariable String iid,
                                                      @Valid @RequestBody ReasonRequest body,
                                                      @RequestHeader(name = "If-Match", required = false)
                                                      String ifMatch,
                                                      Authentication caller) {
        return commands.send(cid, iid, ifMatch, new FlagSeriousBreach(iid, body.reason(), caller.getName()));
    }

    @Operation(summary = "Record that the serious breach was notified")
    @PostMapping(path = "/serious-breach/notification", consumes = JSON)
    ResponseEntity<CommandResponse> reportSeriousBreach(@PathVariable String cid, @PathVariable String iid,
                                                        @Valid @RequestBody NotificationRequest body,
                                                        @RequestHeader(name = "If-Match", required = false)
                                                        String ifMatch,
                                                        Authentication caller) {
        return commands.send(cid, iid, ifMatch, new ReportSeriousBreach(iid, body.reference(), body.note(),
                caller.getName()));
    }
}
