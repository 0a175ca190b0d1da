package org.concordia.infra.api.issue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.concordia.command.issue.Issue;
import org.concordia.infra.api.ApiSupport;
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
@RestController
@RequestMapping(path = "/api/v1/collaborations/{cid}/issues", produces = "application/json")
class IssueCommandController {

    private static final String JSON = "application/json";

    record RaiseIssueRequest(@NotNull IssueType type, @NotBlank @Size(max = 200) String title,
                             @NotNull @Size(max = 20_000) String description, @NotNull IssueCategory category,
                             @NotNull Severity severity, @NotEmpty Set<@NotBlank String> involvedParties) {
    }

    record Empty() {
    }

    record AssignRequest(@NotBlank String owner) {
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

    record ProposalRequest(@NotBlank @Size(max = 200) String summary, @NotBlank @Size(max = 20_000) String text) {
    }

    /**
     * The signature part of a signed request: the meaning the signer gives it and, for users of the built-in store,
     * their password re-entered now (21 CFR 11.200). Never logged, stored or echoed.
     */
    record SignatureRequest(
            @NotNull @Schema(description = "what the signature means: APPROVED, REJECTED or ABSTAINED for a vote "
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

    record VoteRequest(@NotNull VoteChoice vote, @Size(max = 2_000) String comment,
                       @NotNull @Valid SignatureRequest signature) {
    }

    record CloseRequest(@Size(max = 2_000) String note, @NotNull @Valid SignatureRequest signature) {
    }

    record ActionRequest(@NotNull ActionKind kind, @NotBlank @Size(max = 2_000) String description,
                         @NotBlank String owner, @NotNull LocalDate dueOn) {
    }

    record NoteRequest(@Size(max = 2_000) String note) {
    }

    private final CommandDispatcher commands;
    private final ApiSupport api;
    private final ElectronicSignatures signatures;

    IssueCommandController(CommandDispatcher commands, ApiSupport api, ElectronicSignatures signatures) {
        this.commands = commands;
        this.api = api;
        this.signatures = signatures;
    }

    @PostMapping(consumes = JSON)
    ResponseEntity<CommandResponse> raise(@PathVariable String cid, @Valid @RequestBody RaiseIssueRequest body,
                                          Authentication caller) {
        String issueId = UUID.randomUUID().toString();
        long version = commands.dispatch(new RaiseIssue(cid, issueId, body.type(), body.title(), body.description(),
                                                        body.category(), body.severity(), body.involvedParties(),
                                                        caller.getName())).versionOf(issueId);
        return CommandResponse.created(path(cid, issueId), issueId, version);
    }

    @PostMapping(path = "/{iid}/acknowledge")
    ResponseEntity<CommandResponse> acknowledge(@PathVariable String cid, @PathVariable String iid,
                                                @RequestBody(required = false) Empty body,
                                                @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new AcknowledgeIssue(iid, caller.getName()));
    }

    @PostMapping(path = "/{iid}/assign", consumes = JSON)
    ResponseEntity<CommandResponse> assign(@PathVariable String cid, @PathVariable String iid,
                                           @Valid @RequestBody AssignRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new AssignIssue(iid, body.owner(), caller.getName()));
    }

    @PostMapping(path = "/{iid}/comments", consumes = JSON)
    ResponseEntity<CommandResponse> comment(@PathVariable String cid, @PathVariable String iid,
                                            @Valid @RequestBody CommentRequest body,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                            Authentication caller) {
        String commentId = UUID.randomUUID().toString();
        return created(cid, iid, ifMatch, caller, new CommentOnIssue(iid, commentId, body.text(), caller.getName()),
                       "/comments/", commentId);
    }

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

    @PostMapping(path = "/{iid}/severity", consumes = JSON)
    ResponseEntity<CommandResponse> severity(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody SeverityRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller,
                       new ChangeSeverity(iid, body.severity(), body.reason(), caller.getName()));
    }

    @PostMapping(path = "/{iid}/links", consumes = JSON)
    ResponseEntity<CommandResponse> link(@PathVariable String cid, @PathVariable String iid,
                                         @Valid @RequestBody LinkRequest body,
                                         @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                         Authentication caller) {
        api.requireIssueIn(cid, body.relatedIssueId());
        return onIssue(cid, iid, ifMatch, caller,
                       new LinkIssue(iid, body.relatedIssueId(), body.relation(), caller.getName()));
    }

    @PostMapping(path = "/{iid}/escalate", consumes = JSON)
    ResponseEntity<CommandResponse> escalate(@PathVariable String cid, @PathVariable String iid,
                                             @Valid @RequestBody ReasonRequest body,
                                             @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                             Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new EscalateIssue(iid, body.reason(), caller.getName()));
    }

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

    @PostMapping(path = "/{iid}/actions/{aid}/complete", consumes = JSON)
    ResponseEntity<CommandResponse> completeAction(@PathVariable String cid, @PathVariable String iid,
                                                   @PathVariable String aid, @Valid @RequestBody NoteRequest body,
                                                   @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                                   Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new CompleteAction(iid, aid, body.note(), caller.getName()));
    }

    /** A signed closing, like a vote. */
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

    @PostMapping(path = "/{iid}/reopen", consumes = JSON)
    ResponseEntity<CommandResponse> reopen(@PathVariable String cid, @PathVariable String iid,
                                           @Valid @RequestBody ReasonRequest body,
                                           @RequestHeader(name = "If-Match", required = false) String ifMatch,
                                           Authentication caller) {
        return onIssue(cid, iid, ifMatch, caller, new ReopenIssue(iid, body.reason(), caller.getName()));
    }

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
        api.requireIssueIn(cid, iid);
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
        api.requireIssueIn(cid, iid);
        return commands.dispatch(command, Issue.class, expected).versionOf(iid);
    }

    private static String path(String cid, String iid) {
        return "/api/v1/collaborations/" + cid + "/issues/" + iid;
    }
}
