package org.concordia.infra.api.issue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.concordia.command.issue.Issue;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.api.CommandResponse;
import org.concordia.infra.web.EntityTags;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.ActionKind;
import org.concordia.kernel.issue.AddCorrectiveAction;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.AttachEvidence;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.ChangeSeverity;
import org.concordia.kernel.issue.CloseIssue;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.CompleteAction;
import org.concordia.kernel.issue.EscalateIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.LinkIssue;
import org.concordia.kernel.issue.LinkRelation;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.ReopenIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.issue.WithdrawIssue;
import org.concordia.kernel.shared.SignatureMeaning;
import org.concordia.infra.security.ElectronicSignatures;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every command on an issue, as the contract lists them. The acting user is the authenticated caller; ids of new
 * things are made here (never by the aggregate, which must stay deterministic); rules are the aggregate's.
 */
@Tag(name = "Issues",
     description = "Commands on issues and conflicts: raise, acknowledge, discuss, escalate, propose, vote, act, close")
@RestController
@RequestMapping(path = "/api/v1/collaborations/{cid}/issues", produces = "application/json")
class IssueCommandController {

    private static final String JSON = "application/json";

    /**
     * {@code restrictedToTiers}: names of ladder tiers that alone (with auditors, the raiser and the body it sits at)
     * may see the issue; {@code recurrenceOf}: the closed issue this one is a recurrence of.
     */
    @Schema(description = "A new issue, or a conflict between at least two distinct parties")
    record RaiseIssueRequest(@NotNull @Schema(example = "CONFLICT") IssueType type,
                             @NotBlank @Size(max = 200) @Schema(example = "Authorship order of the primary paper")
                             String title,
                             @NotNull @Size(max = 20_000)
                             @Schema(example = "The sponsor and site 12 disagree on who is first author.")
                             String description,
                             @NotNull @Schema(example = "PUBLICATION_AUTHORSHIP") IssueCategory category,
                             @NotNull @Schema(example = "HIGH") Severity severity,
                             @NotEmpty @Schema(description = "ids of the parties involved (a CONFLICT: at least two)",
                                               example = "[\"sponsor\", \"site-12\"]")
                             Set<@NotBlank String> involvedParties,
                             @Size(max = 20) @Schema(description = "ladder tiers that alone may see the issue")
                             Set<@NotBlank @Size(max = 200) String> restrictedToTiers,
                             @Size(max = 100) @Schema(description = "the closed issue this one is a recurrence of")
                             String recurrenceOf) {
    }

    record Empty() {
    }

    /** {@code reason}: required when the issue already has an owner (a reassignment), optional the first time. */
    record AssignRequest(@NotBlank String owner, @Size(max = 2_000) String reason) {
    }

    record CommentRequest(@NotBlank @Size(max = 20_000) String text) {
    }

    record EvidenceRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 2_000) String uri,
                           String sha256) {
    }

    record SeverityRequest(@NotNull Severity severity, @NotBlank @Size(max = 2_000) String reason) {
    }

    record LinkRequest(@NotBlank String relatedIssueId, @NotNull LinkRelation relation) {
    }

    record ReasonRequest(@NotBlank @Size(max = 2_000) String reason) {
    }

    /** {@code toTier}: skip to that tier (above the next one); absent: the next tier. */
    record EscalateRequest(@NotBlank @Size(max = 2_000) String reason, @Min(2) @Max(100) Integer toTier) {
    }

    record ProposalRequest(@NotBlank @Size(max = 200) @Schema(example = "Alphabetical order within each party")
                           String summary,
                           @NotBlank @Size(max = 20_000)
                           @Schema(example = "Authors are listed party by party, alphabetically within each.")
                           String text) {
    }

    /**
     * The signature part of a signed request: the meaning the signer gives it and, for users of the built-in store,
     * their password re-entered now (21 CFR 11.200). Never logged, stored or echoed.
     */
    @Schema(description = "An electronic signature (21 CFR 11.50, 11.200): the meaning and, for users of the built-in "
                          + "store, their password re-entered now; never logged, stored or echoed")
    record SignatureRequest(
            @NotNull @Schema(example = "APPROVED",
                             description = "what the signature means: APPROVED, REJECTED or ABSTAINED for a vote "
                                           + "(matching it), CLOSED_AS_EFFECTIVE or REVIEWED to close")
            SignatureMeaning meaning,
            @Size(max = 200) @Schema(description = "the signer's password, re-entered to sign (HTTP Basic users; "
                                                   + "bearer-token users sign with a recent login instead)",
                                     format = "password", accessMode = Schema.AccessMode.WRITE_ONLY)
            String password) {

        @Override
        public String toString() {
            return "SignatureRequest[meaning=" + meaning + ", password=<redacted>]";
        }
    }

    @Schema(description = "A vote on the open proposal: a signed act (21 CFR 11.50); the signature's meaning must "
                          + "match the vote (APPROVE: APPROVED, REJECT: REJECTED, ABSTAIN: ABSTAINED)")
    record VoteRequest(@NotNull @Schema(example = "APPROVE") VoteChoice vote,
                       @Size(max = 2_000) @Schema(example = "Agreed: alphabetical order within each party.")
                       String comment,
                       @NotNull @Valid SignatureRequest signature) {
    }

    @Schema(description = "Closing a resolved issue: a signed act; meaning CLOSED_AS_EFFECTIVE (corrective actions "
                          + "exist and their effectiveness was verified by someone other than their owners) or "
                          + "REVIEWED")
    record CloseRequest(@Size(max = 2_000) @Schema(example = "Effectiveness verified at the March monitoring visit.")
                        String note,
                        @NotNull @Valid SignatureRequest signature) {
    }

    record ActionRequest(@NotNull ActionKind kind, @NotBlank @Size(max = 2_000) String description,
                         @NotBlank String owner, @NotNull LocalDate dueOn) {
    }

    record NoteRequest(@Size(max = 2_000) String note) {
    }

    private final CommandDispatcher commands;
    private final ElectronicSignatures signatures;
    private final Viewers viewers;

    IssueCommandController(CommandDispatcher commands, ElectronicSignatures signatures, Viewers viewers) {
        this.commands = commands;
        this.signatures = signatures;
        this.viewers = viewers;
    }

    @Operation(summary = "Raise an issue or a conflict between parties")
    @PostMapping(consumes = JSON)
    ResponseEntity<CommandResponse> raise(@PathVariable String cid, @Valid @RequestBody RaiseIssueRequest body,
                                          Authentication caller) {
        String issueId = UUID.randomUUID().toString();
        if (body.recurrenceOf() != null) {
            requireVisible(cid, body.recurrenceOf(), caller);
        }
        long version = commands.dispatch(new RaiseIssue(cid, issueId, body.type(), body.title(), body.description(),
                                                        body.category(), body.severity(), body.involvedParties(),
                                                        body.restrictedToTiers(), body.recurrenceOf(),
                                                        caller.getName())).versionOf(issueId);
        return CommandResponse.created(path(cid, issueId), issueId, version);
    }

    @Operation(summary = "Acknowledge an issue (a member of the current tier's body)")
    @PostMapping(path = "/{iid}/acknowledge")
    ResponseEntity<CommandResponse> acknowledge(@PathVariable String cid, @PathVariable String iid,
                                                @RequestBody(required = false) Empty body,
                                                @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new AcknowledgeIssue(iid, caller.getName()));
    }

    @Operation(summary = "Assign an owner to an issue",
               description = "A reassignment (the issue already has an owner) needs a `reason`; without one it is "
                             + "refused with the rule REASON_REQUIRED. The first assignment may omit it.")
    @PostMapping(path = "/{iid}/assign", consumes = JSON)
    ResponseEntity<CommandResponse> assign(@PathVariable String cid, @PathVariable String iid,
                                           @Valid @RequestBody AssignRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new AssignIssue(iid, body.owner(), blankToNull(body.reason()), caller.getName()));
    }

    @Operation(summary = "Comment on an issue")
    @PostMapping(path = "/{iid}/comments", consumes = JSON)
    ResponseEntity<CommandResponse> comment(@PathVariable String cid, @PathVariable String iid,
                                            @Valid @RequestBody CommentRequest body,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            Authentication caller) {
        String commentId = UUID.randomUUID().toString();
        return created(cid, iid, ifMatch, caller, new CommentOnIssue(iid, commentId, body.text(), caller.getName()),
                       "/comments/", commentId);
    }

    @Operation(summary = "Attach a reference to evidence (a document, with an optional SHA-256)")
    @PostMapping(path = "/{iid}/evidence", consumes = JSON)
    ResponseEntity<CommandResponse> evidence(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody EvidenceRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        String evidenceId = UUID.randomUUID().toString();
        return created(cid, iid, ifMatch, caller, new AttachEvidence(iid, evidenceId, body.title(), body.uri(),
                                                                     body.sha256(), caller.getName()),
                       "/evidence/", evidenceId);
    }

    @Operation(summary = "Change an issue's severity, with a reason")
    @PostMapping(path = "/{iid}/severity", consumes = JSON)
    ResponseEntity<CommandResponse> severity(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody SeverityRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller,
                       new ChangeSeverity(iid, body.severity(), body.reason(), caller.getName()));
    }

    @Operation(summary = "Link an issue to another issue")
    @PostMapping(path = "/{iid}/links", consumes = JSON)
    ResponseEntity<CommandResponse> link(@PathVariable String cid, @PathVariable String iid,
                                         @Valid @RequestBody LinkRequest body,
                                         @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                         Authentication caller) {
        requireVisible(cid, body.relatedIssueId(), caller);
        return onIssue(cid, iid, ifMatch, caller,
                       new LinkIssue(iid, body.relatedIssueId(), body.relation(), caller.getName()));
    }

    @Operation(summary = "Escalate an issue to the next tier, or to a named higher one")
    @PostMapping(path = "/{iid}/escalate", consumes = JSON)
    ResponseEntity<CommandResponse> escalate(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody EscalateRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new EscalateIssue(iid, body.reason(), body.toTier(),
                                                                    caller.getName()));
    }

    @Operation(summary = "Propose a resolution for the current tier to vote on")
    @PostMapping(path = "/{iid}/proposals", consumes = JSON)
    ResponseEntity<CommandResponse> propose(@PathVariable String cid, @PathVariable String iid,
                                            @Valid @RequestBody ProposalRequest body,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            Authentication caller) {
        String proposalId = UUID.randomUUID().toString();
        return created(cid, iid, ifMatch, caller,
                       new ProposeResolution(iid, proposalId, body.summary(), body.text(), caller.getName()),
                       "/proposals/", proposalId);
    }

    /** A signed vote: the signer re-authenticates; wrong password 403, stale bearer login 401, nothing recorded. */
    @Operation(summary = "Vote on a proposed resolution (a signed act)")
    @PostMapping(path = "/{iid}/proposals/{pid}/votes", consumes = JSON)
    ResponseEntity<CommandResponse> vote(@PathVariable String cid, @PathVariable String iid, @PathVariable String pid,
                                         @Valid @RequestBody VoteRequest body,
                                         @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                         Authentication caller) {
        SignatureMeaning meaning = body.signature().meaning();
        CastVote.requireMeaningFits(body.vote(), meaning); // a malformed request is a 400, not a signing attempt
        return onIssue(cid, iid, ifMatch, caller, () -> new CastVote(iid, pid, body.vote(), body.comment(),
                caller.getName(), signatures.sign(caller, meaning, body.signature().password())));
    }

    @Operation(summary = "Add a corrective or preventive action (CAPA)")
    @PostMapping(path = "/{iid}/actions", consumes = JSON)
    ResponseEntity<CommandResponse> addAction(@PathVariable String cid, @PathVariable String iid,
                                              @Valid @RequestBody ActionRequest body,
                                              @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                              Authentication caller) {
        String actionId = UUID.randomUUID().toString();
        return created(cid, iid, ifMatch, caller,
                       new AddCorrectiveAction(iid, actionId, body.kind(), body.description(), body.owner(),
                                               body.dueOn(), caller.getName()),
                       "/actions/", actionId);
    }

    @Operation(summary = "Complete an action you own")
    @PostMapping(path = "/{iid}/actions/{aid}/complete", consumes = JSON)
    ResponseEntity<CommandResponse> completeAction(@PathVariable String cid, @PathVariable String iid,
                                                   @PathVariable String aid, @Valid @RequestBody NoteRequest body,
                                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                   Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new CompleteAction(iid, aid, body.note(), caller.getName()));
    }

    /** A signed closing, like a vote. */
    @Operation(summary = "Close a resolved issue (a signed act)")
    @PostMapping(path = "/{iid}/close", consumes = JSON)
    ResponseEntity<CommandResponse> close(@PathVariable String cid, @PathVariable String iid,
                                          @Valid @RequestBody CloseRequest body,
                                          @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                          Authentication caller) {
        SignatureMeaning meaning = body.signature().meaning();
        CloseIssue.requireClosingMeaning(meaning);
        return onIssue(cid, iid, ifMatch, caller, () -> new CloseIssue(iid, body.note(), caller.getName(),
                signatures.sign(caller, meaning, body.signature().password())));
    }

    @Operation(summary = "Reopen a resolved or closed issue")
    @PostMapping(path = "/{iid}/reopen", consumes = JSON)
    ResponseEntity<CommandResponse> reopen(@PathVariable String cid, @PathVariable String iid,
                                           @Valid @RequestBody ReasonRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new ReopenIssue(iid, body.reason(), caller.getName()));
    }

    @Operation(summary = "Withdraw an issue you raised")
    @PostMapping(path = "/{iid}/withdraw", consumes = JSON)
    ResponseEntity<CommandResponse> withdraw(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody ReasonRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new WithdrawIssue(iid, body.reason(), caller.getName()));
    }

    private ResponseEntity<CommandResponse> onIssue(String cid, String iid, String ifMatch, Authentication caller,
                                                    Object command) {
        return onIssue(cid, iid, ifMatch, caller, () -> command);
    }

    /** {@code command} is built only once the issue is known to be in the collaboration (signing happens there). */
    private ResponseEntity<CommandResponse> onIssue(String cid, String iid, String ifMatch, Authentication caller,
                                                    Supplier<Object> command) {
        Long expected = EntityTags.expectedVersion(ifMatch);
        requireVisible(cid, iid, caller);
        long version = commands.dispatch(command.get(), Issue.class, expected).versionOf(iid);
        return CommandResponse.ok(iid, version);
    }

    private ResponseEntity<CommandResponse> created(String cid, String iid, String ifMatch, Authentication caller,
                                                    Object command, String collection, String newId) {
        long version = dispatch(cid, iid, ifMatch, caller, command);
        return CommandResponse.created(path(cid, iid) + collection + newId, newId, version);
    }

    private long dispatch(String cid, String iid, String ifMatch, Authentication caller, Object command) {
        Long expected = EntityTags.expectedVersion(ifMatch);
        requireVisible(cid, iid, caller);
        return commands.dispatch(command, Issue.class, expected).versionOf(iid);
    }

    /**
     * 404 for an issue not in the collaboration, and for a restricted issue the caller may not see: a write answers as
     * the read does, rather than a 403 that would tell a non-viewer the issue exists (the domain refuses it anyway).
     */
    private void requireVisible(String cid, String iid, Authentication caller) {
        viewers.requireVisible(cid, iid, viewers.of(cid, caller.getName()));
    }

    private static String path(String cid, String iid) {
        return "/api/v1/collaborations/" + cid + "/issues/" + iid;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
