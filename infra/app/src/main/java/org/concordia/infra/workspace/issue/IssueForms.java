package org.concordia.infra.workspace.issue;

import jakarta.servlet.http.HttpServletResponse;
import org.concordia.command.issue.Issue;
import org.concordia.infra.api.CommandDispatcher;
import org.concordia.infra.security.ElectronicSignatures;
import org.concordia.infra.workspace.support.Refusal;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.ActionKind;
import org.concordia.kernel.issue.AddCorrectiveAction;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.FlagSeriousBreach;
import org.concordia.kernel.issue.AssessImpact;
import org.concordia.kernel.issue.AttachEvidence;
import org.concordia.kernel.issue.CastVote;
import org.concordia.kernel.issue.CloseBallot;
import org.concordia.kernel.issue.ChangeSeverity;
import org.concordia.kernel.issue.CloseIssue;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.DeclareConflictOfInterest;
import org.concordia.kernel.issue.CompleteAction;
import org.concordia.kernel.issue.EscalateIssue;
import org.concordia.kernel.issue.LinkIssue;
import org.concordia.kernel.issue.LinkRelation;
import org.concordia.kernel.issue.ProposeResolution;
import org.concordia.kernel.issue.RecordRootCause;
import org.concordia.kernel.issue.ReopenIssue;
import org.concordia.kernel.issue.RiskLevel;
import org.concordia.kernel.issue.RootCauseMethod;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.VoteChoice;
import org.concordia.kernel.issue.WithdrawIssue;
import org.concordia.kernel.issue.CancelAction;
import org.concordia.kernel.issue.CorrectIssueDetails;
import org.concordia.kernel.issue.DecideDueDateExtension;
import org.concordia.kernel.issue.Dismissal;
import org.concordia.kernel.issue.DismissIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.PlanEffectivenessCheck;
import org.concordia.kernel.issue.ReassignAction;
import org.concordia.kernel.issue.RecordEffectivenessCheck;
import org.concordia.kernel.issue.RedateAction;
import org.concordia.kernel.issue.RequestDueDateExtension;
import org.concordia.infra.workspace.support.Reads;
import org.concordia.kernel.shared.SignatureMeaning;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The issue page's forms: each builds the same command as the API's endpoint (acting user from the session, new
 * ids made here, signatures by re-entered password) and sends it through the same {@link CommandDispatcher}, with
 * the version the page showed as the expected one. Accepted: back to the issue page, which waits until it shows
 * the change. Refused: the page again, with the rule in words next to that form and what was typed kept.
 */
@Controller
@Hidden // a page of the workspace, not part of the API's OpenAPI document
@RequestMapping("/app/c/{cid}/issues/{iid}")
class IssueForms {

    private final CommandDispatcher commands;
    private final ElectronicSignatures signatures;
    private final IssuePage page;
    private final MessageSource messages;
    private final Reads reads;

    IssueForms(CommandDispatcher commands, ElectronicSignatures signatures, IssuePage page,
                  MessageSource messages, Reads reads) {
        this.reads = reads;
        this.commands = commands;
        this.signatures = signatures;
        this.page = page;
        this.messages = messages;
    }

    @PostMapping("/acknowledge")
    String acknowledge(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                       Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "acknowledge", version, caller, model, response,
                    () -> new AcknowledgeIssue(iid, caller.getName()));
    }

    @PostMapping("/assign")
    String assign(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                  @RequestParam String owner, @RequestParam(required = false) String reason,
                  Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "assign", version, caller, model, response,
                    () -> new AssignIssue(iid, owner, blankToNull(reason), caller.getName()));
    }

    @PostMapping("/comments")
    String comment(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                   @RequestParam String text, Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "comment", version, caller, model, response,
                    () -> new CommentOnIssue(iid, newId(), text, caller.getName()));
    }

    @PostMapping("/evidence")
    String evidence(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                    @RequestParam String title, @RequestParam String uri,
                    @RequestParam(required = false) String sha256,
                    Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "evidence", version, caller, model, response,
                    () -> new AttachEvidence(iid, newId(), title, uri, blankToNull(sha256), caller.getName()));
    }

    @PostMapping("/severity")
    String severity(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                    @RequestParam Severity severity, @RequestParam String reason,
                    Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "severity", version, caller, model, response,
                    () -> new ChangeSeverity(iid, severity, reason, caller.getName()));
    }

    @PostMapping("/links")
    String link(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                @RequestParam String relatedIssueId, @RequestParam LinkRelation relation,
                Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "link", version, caller, model, response, () -> {
            reads.requireIssueVisible(cid, relatedIssueId.trim(), caller.getName());
            return new LinkIssue(iid, relatedIssueId.trim(), relation, caller.getName());
        });
    }

    @PostMapping("/escalate")
    String escalate(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                    @RequestParam String reason, Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "escalate", version, caller, model, response,
                    () -> new EscalateIssue(iid, reason, caller.getName()));
    }

    @PostMapping("/proposals")
    String propose(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                   @RequestParam String summary, @RequestParam String text,
                   Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "propose", version, caller, model, response,
                    () -> new ProposeResolution(iid, newId(), summary, text, caller.getName()));
    }

    /** A signed vote: the meaning follows from the ballot, and the password is checked again before anything. */
    @PostMapping("/proposals/{pid}/votes")
    String vote(@PathVariable String cid, @PathVariable String iid, @PathVariable String pid,
                @RequestParam(required = false) Long version, @RequestParam VoteChoice vote,
                @RequestParam(required = false) String comment, @RequestParam(required = false) String password,
                Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "vote-" + vote.name(), version, caller, model, response,
                    () -> new CastVote(iid, pid, vote, blankToNull(comment), caller.getName(),
                                       signatures.sign(caller, CastVote.meaningOf(vote), password)));
    }

    /** As {@code POST .../conflicts-of-interest}: one's own declaration, with a reason; it recuses the declarer. */
    @PostMapping("/conflicts-of-interest")
    String declareConflict(@PathVariable String cid, @PathVariable String iid,
                           @RequestParam(required = false) Long version, @RequestParam String reason,
                           Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "conflict", version, caller, model, response,
                    () -> new DeclareConflictOfInterest(iid, reason, caller.getName()));
    }

    /** As {@code POST .../proposals/{pid}/close}: the chair closes the ballot, signed BALLOT_CLOSED, with a reason. */
    @PostMapping("/proposals/{pid}/close")
    String closeBallot(@PathVariable String cid, @PathVariable String iid, @PathVariable String pid,
                       @RequestParam(required = false) Long version, @RequestParam String reason,
                       @RequestParam(required = false) String password,
                       Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "closeballot", version, caller, model, response,
                    () -> new CloseBallot(iid, pid, reason, caller.getName(),
                                          signatures.sign(caller, SignatureMeaning.BALLOT_CLOSED, password)));
    }

    @PostMapping("/actions")
    String addAction(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                     @RequestParam ActionKind kind, @RequestParam String description, @RequestParam String owner,
                     @RequestParam String dueOn, Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "action", version, caller, model, response,
                    () -> new AddCorrectiveAction(iid, newId(), kind, description, owner, date("dueOn", dueOn),
                                                  caller.getName()));
    }

    /** As {@code POST .../root-cause}: a reason only when it replaces an earlier root cause. */
    @PostMapping("/root-cause")
    String rootCause(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                     @RequestParam RootCauseMethod method, @RequestParam String statement,
                     @RequestParam(required = false) String reason,
                     Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "rootcause", version, caller, model, response,
                    () -> new RecordRootCause(iid, method, statement, blankToNull(reason), caller.getName()));
    }

    /** As {@code POST .../impact}: a reason only when it replaces an earlier assessment. */
    @PostMapping("/impact")
    String impact(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                  @RequestParam String impact, @RequestParam RiskLevel risk,
                  @RequestParam(required = false) String reason,
                  Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "impact", version, caller, model, response,
                    () -> new AssessImpact(iid, impact, risk, blankToNull(reason), caller.getName()));
    }

    @PostMapping("/actions/{aid}/complete")
    String completeAction(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                          @RequestParam(required = false) Long version, @RequestParam(required = false) String note,
                          Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "complete-" + aid, version, caller, model, response,
                    () -> new CompleteAction(iid, aid, blankToNull(note), caller.getName()));
    }

    /** A signed closing, like a vote: the signer chooses the meaning (effective, or reviewed) and re-enters the password. */
    @PostMapping("/close")
    String close(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                 @RequestParam(required = false) String note, @RequestParam(required = false) SignatureMeaning meaning,
                 @RequestParam(required = false) String password,
                 Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "close", version, caller, model, response, () -> {
            if (meaning == null) {
                throw new IllegalArgumentException("meaning: choose what your signature means");
            }
            CloseIssue.requireClosingMeaning(meaning);
            return new CloseIssue(iid, blankToNull(note), caller.getName(), signatures.sign(caller, meaning, password));
        });
    }

    /**
     * As {@code POST .../dismiss}: the tier's chair closes the issue without a vote, signed CLOSED_WITHOUT_VOTE,
     * as a duplicate (of another issue of the collaboration), not an issue, or no action needed.
     */
    @PostMapping("/dismiss")
    String dismiss(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                   @RequestParam(required = false) Dismissal dismissal,
                   @RequestParam(required = false) String duplicateOf, @RequestParam String reason,
                   @RequestParam(required = false) String password,
                   Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "dismiss", version, caller, model, response, () -> {
            if (dismissal == null) {
                throw new IllegalArgumentException("dismissal: choose why the issue is closed without a vote");
            }
            String original = dismissal == Dismissal.DUPLICATE ? blankToNull(duplicateOf) : null;
            DismissIssue.requireOriginalFits(iid, dismissal, original);
            if (original != null) {
                reads.requireIssueVisible(cid, original.trim(), caller.getName());
            }
            return new DismissIssue(iid, dismissal, original == null ? null : original.trim(), reason,
                                    caller.getName(),
                                    signatures.sign(caller, SignatureMeaning.CLOSED_WITHOUT_VOTE, password));
        });
    }

    /**
     * As {@code POST .../corrections}: the details as the form holds them, with a reason. Involved parties left
     * empty on an issue that had none stay as they are; emptied on one that had some, the record refuses it.
     */
    @PostMapping("/corrections")
    String correct(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                   @RequestParam String title, @RequestParam(defaultValue = "") String description,
                   @RequestParam IssueCategory category,
                   @RequestParam(required = false) List<String> involvedParties, @RequestParam String reason,
                   Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "correct", version, caller, model, response, () -> {
            boolean hadParties = !reads.issue(cid, iid, caller.getName(), -1).involvedParties().isEmpty();
            Set<String> parties = involvedParties == null || involvedParties.isEmpty()
                    ? (hadParties ? Set.of() : null) : Set.copyOf(involvedParties);
            return new CorrectIssueDetails(iid, title.strip(), description, category, parties, reason,
                                           caller.getName());
        });
    }

    /** As {@code POST .../effectiveness-check/plan}: criteria and due date; a reason when it replaces a plan. */
    @PostMapping("/effectiveness-check/plan")
    String planCheck(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                     @RequestParam String criteria, @RequestParam String dueOn,
                     @RequestParam(required = false) String reason,
                     Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "checkplan", version, caller, model, response,
                    () -> new PlanEffectivenessCheck(iid, criteria, date("dueOn", dueOn), blankToNull(reason),
                                                     caller.getName()));
    }

    /**
     * As {@code POST .../effectiveness-check}: signed EFFECTIVENESS_VERIFIED or EFFECTIVENESS_NOT_VERIFIED, by the
     * finding; someone other than the actions' owners and the proposer (the aggregate's segregation of duties).
     */
    @PostMapping("/effectiveness-check")
    String recordCheck(@PathVariable String cid, @PathVariable String iid,
                       @RequestParam(required = false) Long version, @RequestParam(required = false) Boolean effective,
                       @RequestParam String findings, @RequestParam(required = false) String password,
                       Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "check", version, caller, model, response, () -> {
            if (effective == null) {
                throw new IllegalArgumentException("effective: say whether the actions were found effective");
            }
            return new RecordEffectivenessCheck(iid, effective, findings, caller.getName(),
                    signatures.sign(caller, RecordEffectivenessCheck.meaningOf(effective), password));
        });
    }

    @PostMapping("/actions/{aid}/reassign")
    String reassignAction(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                          @RequestParam(required = false) Long version, @RequestParam String owner,
                          @RequestParam String reason, Authentication caller, Model model,
                          HttpServletResponse response) {
        return send(cid, iid, "reassign-" + aid, version, caller, model, response,
                    () -> new ReassignAction(iid, aid, owner, reason, caller.getName()));
    }

    @PostMapping("/actions/{aid}/redate")
    String redateAction(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                        @RequestParam(required = false) Long version, @RequestParam String dueOn,
                        @RequestParam String reason, Authentication caller, Model model,
                        HttpServletResponse response) {
        return send(cid, iid, "redate-" + aid, version, caller, model, response,
                    () -> new RedateAction(iid, aid, date("dueOn", dueOn), reason, caller.getName()));
    }

    @PostMapping("/actions/{aid}/cancel")
    String cancelAction(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                        @RequestParam(required = false) Long version, @RequestParam String reason,
                        Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "cancel-" + aid, version, caller, model, response,
                    () -> new CancelAction(iid, aid, reason, caller.getName()));
    }

    /** As {@code POST .../actions/{aid}/extension-request}: the action's owner asks for a later due date. */
    @PostMapping("/actions/{aid}/extension-request")
    String requestExtension(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                            @RequestParam(required = false) Long version, @RequestParam String dueOn,
                            @RequestParam String reason, Authentication caller, Model model,
                            HttpServletResponse response) {
        return send(cid, iid, "extend-" + aid, version, caller, model, response,
                    () -> new RequestDueDateExtension(iid, aid, date("dueOn", dueOn), reason, caller.getName()));
    }

    /** As {@code POST .../actions/{aid}/extension-decision}: the tier's chair approves or refuses, with a reason. */
    @PostMapping("/actions/{aid}/extension-decision")
    String decideExtension(@PathVariable String cid, @PathVariable String iid, @PathVariable String aid,
                           @RequestParam(required = false) Long version,
                           @RequestParam(required = false) Boolean approve, @RequestParam String reason,
                           Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "extdecide-" + aid, version, caller, model, response, () -> {
            if (approve == null) {
                throw new IllegalArgumentException("approve: approve or refuse the extension");
            }
            return new DecideDueDateExtension(iid, aid, approve, reason, caller.getName());
        });
    }

    /** As {@code POST .../serious-breach}: flag a serious breach (EU CTR Art. 52) with a reason. */
    @PostMapping("/serious-breach")
    String flagSeriousBreach(@PathVariable String cid, @PathVariable String iid,
                             @RequestParam(required = false) Long version, @RequestParam String reason,
                             Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "breach", version, caller, model, response,
                    () -> new FlagSeriousBreach(iid, reason, caller.getName()));
    }

    @PostMapping("/reopen")
    String reopen(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                  @RequestParam String reason, Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "reopen", version, caller, model, response,
                    () -> new ReopenIssue(iid, reason, caller.getName()));
    }

    @PostMapping("/withdraw")
    String withdraw(@PathVariable String cid, @PathVariable String iid, @RequestParam(required = false) Long version,
                    @RequestParam String reason, Authentication caller, Model model, HttpServletResponse response) {
        return send(cid, iid, "withdraw", version, caller, model, response,
                    () -> new WithdrawIssue(iid, reason, caller.getName()));
    }

    /**
     * Sends the command the supplier builds (inside the try: a record's own checks and the signature are refusals
     * too). The issue must belong to the collaboration, which the user must see; otherwise "not found".
     */
    private String send(String cid, String iid, String action, Long version, Authentication caller, Model model,
                        HttpServletResponse response, Supplier<Object> command) {
        page.requireVisible(cid, iid, caller);
        try {
            long after = commands.dispatch(command.get(), Issue.class, version).versionOf(iid);
            return "redirect:/app/c/" + cid + "/issues/" + iid + "?v=" + after;
        } catch (RuntimeException failure) {
            Refusal refusal = Refusal.of(action, failure, messages);
            if (refusal == null) {
                throw failure;
            }
            response.setStatus(refusal.status().value());
            page.render(cid, iid, -1, caller, model, refusal);
            return "issue";
        }
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": must be a date such as 2026-03-31");
        }
    }
}
