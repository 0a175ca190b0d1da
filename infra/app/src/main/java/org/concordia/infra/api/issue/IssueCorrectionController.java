package org.concordia.infra.api.issue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Set;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.kernel.issue.CancelAction;
import org.concordia.kernel.issue.CloseBallot;
import org.concordia.kernel.issue.CorrectIssueDetails;
import org.concordia.kernel.issue.DecideDueDateExtension;
import org.concordia.kernel.issue.DeclareConflictOfInterest;
import org.concordia.kernel.issue.Dismissal;
import org.concordia.kernel.issue.DismissIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.ReassignAction;
import org.concordia.kernel.issue.RedateAction;
import org.concordia.kernel.issue.RequestDueDateExtension;
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
 * Ballots closed by their chair, conflicts of interest, and corrections with a reason (issue 15 §1–2): details,
 * closing without a vote, and CAPA actions reassigned, re-dated, cancelled or extended. Same conventions as
 * {@link IssueCommandController}: If-Match, Idempotency-Key, problem+json, 409 naming the rule.
 */
@RestController
@Tag(name = "Issues")
@RequestMapping(path = "/api/v1/collaborations/{cid}/issues/{iid}", produces = "application/json")
class IssueCorrectionController {

    private static final String JSON = "application/json";

    record ReasonRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    /** The signature part of a signed request, as for votes and closings. */
    record SignatureRequest(@NotNull SignatureMeaning meaning,
                            @Size(max = 200) @Schema(format = "password", accessMode = Schema.AccessMode.WRITE_ONLY)
                            String password) {
        @Override
        public String toString() {
            return "SignatureRequest[meaning=" + meaning + ", password=<redacted>]";
        }
    }

    record CloseBallotRequest(@NotBlank @Size(max = 2_000) String reason,
                              @NotNull @Valid SignatureRequest signature) {
    }

    record CorrectionRequest(@Size(max = 200) String title, @Size(max = 20_000) String description,
                             IssueCategory category, Set<@NotBlank String> involvedParties,
                             @NotBlank @Size(max = 2_000) String reason) {
    }

    record DismissRequest(@NotNull Dismissal dismissal, String duplicateOf, @NotBlank @Size(max = 2_000) String reason,
                          @NotNull @Valid SignatureRequest signature) {
    }

    record ReassignRequest(@NotBlank String owner, @NotBlank @Size(max = 2_000) String reason) {
    }

    record DueDateRequest(@NotNull LocalDate dueOn, @NotBlank @Size(max = 2_000) String reason) {
    }

    record ExtensionDecisionRequest(@NotNull Boolean approve, @NotBlank @Size(max = 2_000) String reason) {
    }

    private final IssueCommands commands;
    private final ElectronicSignatures signatures;

    IssueCorrectionController(IssueCommands commands, ElectronicSignatures signatures) {
        this.commands = commands;
        this.signatures = signatures;
    }

    /** The chair closes the ballot before everyone voted; signed (BALLOT_CLOSED). */
    @Operation(summary = "Close a ballot before every eligible member voted (the chair, signed)")
    @PostMapping(path = "/proposals/{pid}/close", consumes = JSON)
    ResponseEntity<CommandResponse> closeBallot(@PathVariable String cid, @PathVariable String iid,
                                                @PathVariable String pid,
                                                @Valid @RequestBody CloseBallotRequest body,
                                                @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                Authentication caller) {
        SignatureMeaning meaning = body.signature().meaning();
        CloseBallot.requireMeaning(meaning);
        return commands.send(cid, iid, ifMatch, () -> new CloseBallot(iid, pid, body.reason(), caller.getName(),
                signatures.sign(caller, meaning, body.signature().password())));
    }

    @Operation(summary = "Declare your own conflict of interest on the issue, with a reason")
    @PostMapping(path = "/conflicts-of-interest", consumes = JSON)
    ResponseEntity<CommandResponse> declareConflict(@PathVariable String cid, @PathVariable String iid,
                                                    @Valid @RequestBody ReasonRequest body,
                                                    @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                    Authentication caller) {
        return commands.send(cid, iid, ifMatch, new DeclareConflictOfInterest(iid, body.reason(), caller.getName()));
    }

    @Operation(summary = "Correct title, description, category or involved parties, with a reason")
    @PostMapping(path = "/corrections", consumes = JSON)
    ResponseEntity<CommandResponse> correct(@PathVariable String cid, @PathVariable String iid,
                                            @Valid @RequestBody CorrectionRequest body,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            Authentication caller) {
        return commands.send(cid, iid, ifMatch, new CorrectIssueDetails(iid, body.title(), body.description(),
                body.category(), body.involvedParties(), body.reason(), caller.getName()));
    }

    /** The tier's chair closes the issue without a vote; signed (CLOSED_WITHOUT_VOTE). */
    @Operation(summary = "Close without a vote as duplicate, not an issue or no action needed (tier chair, signed)")
    @PostMapping(path = "/dismiss", consumes = JSON)
    ResponseEntity<CommandResponse> dismiss(@PathVariable String cid, @PathVariable String iid,
                                            @Valid @RequestBody DismissRequest body,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            Authentication caller) {
        SignatureMeaning meaning = body.signature().meaning();
        DismissIssue.requireMeaning(meaning); // malformed requests are a 400, not a signing attempt
        DismissIssue.requireOriginalFits(iid, body.dismissal(), body.duplicateOf());
        if (body.duplicateOf() != null) {
            commands.requireIssueIn(cid, body.duplicateOf());
        }
        return commands.send(cid, iid, ifMatch, () -> new DismissIssue(iid, body.dismissal(), body.duplicateOf(),
                body.reason(), caller.getName(), signatures.sign(caller, meaning, body.signature().password())));
    }

    @Operation(summary = "Reassign a CAPA action, with a reason")
    @PostMapping(path = "/actions/{aid}/reassign", consumes = JSON)
    ResponseEntity<CommandResponse> reassign(@PathVariable String cid, @PathVariable String iid,
                                             @PathVariable String aid, @Valid @RequestBody ReassignRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return commands.send(cid, iid, ifMatch, new ReassignAction(iid, aid, body.owner(), body.reason(),
                caller.getName()));
    }

    @Operation(summary = "Change a CAPA action's due date, with a reason")
    @PostMapping(path = "/actions/{aid}/redate", consumes = JSON)
    ResponseEntity<CommandResponse> redate(@PathVariable String cid, @PathVariable String iid,
                                           @PathVariable String aid, @Valid @RequestBody DueDateRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return commands.send(cid, iid, ifMatch, new RedateAction(iid, aid, body.dueOn(), body.reason(),
                caller.getName()));
    }

    @Operation(summary = "Cancel a CAPA action, with a reason")
    @PostMapping(path = "/actions/{aid}/cancel", consumes = JSON)
    ResponseEntity<CommandResponse> cancel(@PathVariable String cid, @PathVariable String iid,
                                           @PathVariable String aid, @Valid @RequestBody ReasonRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return commands.send(cid, iid, ifMatch, new CancelAction(iid, aid, body.reason(), caller.getName()));
    }

    @Operation(summary = "Request an extension of a CAPA action's due date")
    @PostMapping(path = "/actions/{aid}/extension-request", consumes = JSON)
    ResponseEntity<CommandResponse> requestExtension(@PathVariable String cid, @PathVariable String iid,
                                                     @PathVariable String aid,
                                                     @Valid @RequestBody DueDateRequest body,
                                                     @RequestHeader(name = "If-Match", required = false)
                                                     String ifMatch,
                                                     Authentication caller) {
        return commands.send(cid, iid, ifMatch, new RequestDueDateExtension(iid, aid, body.dueOn(), body.reason(),
                caller.getName()));
    }

    @Operation(summary = "Approve or refuse a requested extension (tier chair)")
    @PostMapping(path = "/actions/{aid}/extension-decision", consumes = JSON)
    ResponseEntity<CommandResponse> decideExtension(@PathVariable String cid, @PathVariable String iid,
                                                    @PathVariable String aid,
                                                    @Valid @RequestBody ExtensionDecisionRequest body,
                                                    @RequestHeader(name = "If-Match", required = false)
                                                    String ifMatch,
                                                    Authentication caller) {
        return commands.send(cid, iid, ifMatch, new DecideDueDateExtension(iid, aid, body.approve(), body.reason(),
                caller.getName()));
    }
}
