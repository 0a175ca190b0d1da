package org.concordia.infra.api.issue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.AuditTrailDownload;
import org.concordia.infra.api.VersionWaits;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.FindDecisions;
import org.concordia.kernel.issue.query.FindInbox;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.FindOpenConflictReport;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.query.audit.AuditTrail;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What steering committees and auditors read: issues, the open-conflict report, the decision register, "
                   + "the audit
 * trail (JSON or CSV, streamed) and the caller's inbox. Every state-describing view takes {@code asOf} and then
 * answers as the system stood at that instant, rebuilt from the events.
 */
@Tag(name = "Issue views and reports",
     description = "Issues as read: lists, full views, history, the open-conflict report, "
                   + "the decision register, the audit trail, your inbox")
@RestController
@Validated
@RequestMapping(path = "/api/v1", produces = "application/json")
class IssueQueryController {

    private final QueryGateway queries;
    private final ApiSupport api;
    private final AuditTrail auditTrail;
    private final ObjectMapper objectMapper;
    private final VersionWaits versionWaits;
    private final Viewers viewers;
    private final CurrentCollaborations memberships;

    IssueQueryController(QueryGateway queries, ApiSupport api, AuditTrail auditTrail, ObjectMapper objectMapper,
                         VersionWaits versionWaits, Viewers viewers, CurrentCollaborations memberships) {
        this.queries = queries;
        this.api = api;
        this.auditTrail = auditTrail;
        this.objectMapper = objectMapper;
        this.versionWaits = versionWaits;
        this.viewers = viewers;
        this.memberships = memberships;
    }

    /**
     * What a member being removed still holds, for reassignment: open CAPA actions they own, ballots waiting for their
     * vote, issues waiting for their acknowledgement, and the tiers they sit on.
     */
    record OpenItems(String username, List<String> tiers, List<Inbox.OwnedAction> actions, List<Inbox.ToVote> ballots,
                     List<Inbox.ToAcknowledge> toAcknowledge) {
    }

    @Operation(summary = "Search and page a collaboration's issues")
    @GetMapping("/collaborations/{cid}/issues")
    IssuePage issues(@PathVariable String cid,
                     @RequestParam(required = false) IssueStatus status,
                     @RequestParam(required = false) @Min(1) Integer tier,
                     @RequestParam(required = false) Severity severity,
                     @RequestParam(required = false) IssueCategory category,
                     @RequestParam(required = false) String party,
                     @RequestParam(name = "q", required = false) String text,
                     @RequestParam(defaultValue = "0") @Min(0) int page,
                     @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
                     @RequestParam(required = false) Instant asOf,
                     @Parameter(description = "The order: NEWEST raised first (the default), OLDEST, SEVERITY (most "
                             + "severe first), DUE (SLA due soonest first; issues without a running SLA clock last) "
                             + "or ACTIVITY (most recent event first). Ties go newest first.")
                     @RequestParam(required = false) IssueOrder sort,
                     Authentication caller) {
        return ask(new FindIssues(cid, status, tier, severity, category, party, text, page, size, asOf,
                                  viewers.of(cid, caller.getName()), sort), IssuePage.class);
    }

    @Operation(summary = "One issue in full (optionally waiting for a version, or as of an instant)")
    @GetMapping("/collaborations/{cid}/issues/{iid}")
    ResponseEntity<IssueView> issue(@PathVariable String cid, @PathVariable String iid,
                                    @RequestParam(required = false) Instant asOf,
                                    Authentication caller) {
        return found(readIssue(cid, iid, asOf), viewers.of(cid, caller.getName()));
    }

    /**
     * Read-your-writes: answers once the view has applied {@code minVersion} (bounded; then as it is), holding no
     * request thread meanwhile ({@link VersionWaits}). An {@code asOf} read is rebuilt from the events: no wait.
     */
    @Operation(summary = "One issue in full (optionally waiting for a version, or as of an instant)")
    @GetMapping(path = "/collaborations/{cid}/issues/{iid}", params = "minVersion")
    CompletableFuture<ResponseEntity<IssueView>> issueAfter(@PathVariable String cid, @PathVariable String iid,
                                                            @RequestParam(required = false) Instant asOf,
                                                            // optional in the API document: the mapping is one
                                                            // operation there, with or without it
                                                            @RequestParam(required = false) @Min(0) Long minVersion,
                                                            Authentication caller) {
        Viewer viewer = viewers.of(cid, caller.getName());
        IssueView view = readIssue(cid, iid, asOf);
        if (minVersion == null || asOf != null || (view != null && view.version() >= minVersion)) {
            return CompletableFuture.completedFuture(found(view, viewer));
        }
        return versionWaits.await(caller.getName(), () -> readIssue(cid, iid, null),
                                  later -> later != null && later.version() >= minVersion)
                           .thenApply(later -> found(later, viewer));
    }

    private IssueView readIssue(String cid, String iid, Instant asOf) {
        return queries.query(new FindIssue(cid, iid, asOf, Instant.now()), ResponseTypes.instanceOf(IssueView.class))
                      .join();
    }

    /** 404 for an issue that does not exist or is restricted from this viewer, alike. */
    private ResponseEntity<IssueView> found(IssueView view, Viewer viewer) {
        viewers.requireVisible(view, viewer);
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @Operation(summary = "An issue's audit trail, oldest first")
    @GetMapping("/collaborations/{cid}/issues/{iid}/history")
    List<org.concordia.kernel.audit.AuditEntry> history(@PathVariable String cid, @PathVariable String iid,
                                                         Authentication caller) {
        viewers.requireVisible(cid, iid, viewers.of(cid, caller.getName()));
        try (Stream<org.concordia.kernel.audit.AuditEntry> entries = auditTrail.entries(
                new FindAuditTrail(cid, iid, null, null, null, -1, FindAuditTrail.MAX_LIMIT))) {
            return entries.toList();
        }
    }

    @Operation(summary = "The open-conflict report: counts by tier, severity, party and category, ages, SLA breaches")
    @GetMapping("/collaborations/{cid}/reports/open-conflicts")
    OpenConflictReport openConflicts(@PathVariable String cid, @RequestParam(required = false) Instant asOf,
                                     Authentication caller) {
        Instant now = asOf != null ? asOf : Instant.now();
        return ask(new FindOpenConflictReport(cid, now, asOf, viewers.of(cid, caller.getName())),
                   OpenConflictReport.class);
    }

    @Operation(summary = "The decision register: adopted and rejected proposals with votes")
    @GetMapping("/collaborations/{cid}/decisions")
    DecisionRegister decisions(@PathVariable String cid, @RequestParam(required = false) Instant asOf,
                               Authentication caller) {
        return ask(new FindDecisions(cid, asOf, viewers.of(cid, caller.getName())), DecisionRegister.class);
    }

    /**
     * A page with {@code limit}; otherwise the whole trail, streamed (constant memory), as JSON or CSV. Either way
     * without the entries of issues restricted from the caller (see {@link Viewers}).
     */
    @Operation(summary = "A collaboration's audit trail: every recorded fact in order (JSON or CSV), without the "
                         + "entries of issues restricted from the caller")
    @GetMapping(path = "/collaborations/{cid}/audit-trail", produces = {"application/json", "text/csv"})
    ResponseEntity<StreamingResponseBody> auditTrail(@PathVariable String cid,
                                 @RequestParam(required = false) Instant from,
                                 @RequestParam(required = false) Instant to,
                                 @RequestParam(required = false) String actor,
                                 @RequestParam(name = "issue", required = false) String issueId,
                                 @RequestParam(defaultValue = "-1") long after,
                                 @RequestParam(required = false) @Min(1) @Max(1000) Integer limit,
                                 @org.springframework.web.bind.annotation.RequestHeader(
                                         name = "Accept", defaultValue = "application/json") String accept,
                                 Authentication caller) {
        Viewer viewer = viewers.of(cid, caller.getName());
        if (issueId != null) {
            viewers.requireVisible(cid, issueId, viewer); // 404 for a restricted issue, as for one that does not exist
        }
        boolean csv = accept.contains("text/csv");
        if (limit != null && !csv) {
            AuditTrailPage page = auditTrail.find(new FindAuditTrail(cid, issueId, from, to, actor, after, limit),
                                                  viewers.issuesVisibleTo(cid, viewer));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                                 .body(out -> objectMapper.writeValue(out, page));
        }
        FindAuditTrail query = new FindAuditTrail(cid, issueId, from, to, actor, after, FindAuditTrail.MAX_LIMIT);
        // entries of issues restricted from the caller are left out, as if they had never been
        return AuditTrailDownload.of(() -> auditTrail.entries(query, viewers.issuesVisibleTo(cid, viewer)), csv,
                                     "audit-trail.csv");
    }

    @Operation(summary = "Your inbox: issues to acknowledge, proposals to vote on, actions you own")
    @GetMapping("/me/inbox")
    Inbox inbox(@RequestParam(required = false) Instant asOf, Authentication caller) {
        List<String> mine = memberships.collaborationsOf(caller.getName()).stream().map(CollaborationSummary::id)
                                       .toList();
        return ask(new FindInbox(caller.getName(), mine, asOf, Instant.now()), Inbox.class);
    }

    @Operation(summary = "A member's open items (tiers, actions, ballots, issues to acknowledge), to reassign "
                         + "before removing them")
    @GetMapping("/collaborations/{cid}/members/{username}/open-items")
    OpenItems openItems(@PathVariable String cid, @PathVariable String username, Authentication caller) {
        var collaboration = api.requireMember(cid, caller.getName());
        if (collaboration.members().stream().noneMatch(m -> m.username().equals(username))) {
            throw new NotFound();
        }
        // the items of issues restricted from the caller are left out (see Viewers)
        Inbox inbox = viewers.itemsVisibleTo(cid, ask(new FindInbox(username, List.of(cid), null, Instant.now()),
                                                      Inbox.class), viewers.of(cid, caller.getName()));
        return new OpenItems(username, List.copyOf(collaboration.governance().tiersOf(username)), inbox.actions(),
                             inbox.toVote(), inbox.toAcknowledge());
    }

    private <Q, R> R ask(Q query, Class<R> type) {
        return queries.query(query, ResponseTypes.instanceOf(type)).join();
    }
}
