package org.concordia.infra.api.issue;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.AuditTrailDownload;
import org.concordia.infra.api.VersionWaits;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.FindDecisions;
import org.concordia.kernel.issue.query.FindInbox;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.FindOpenConflictReport;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.OpenConflictReport;
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
 * What steering committees and auditors read: issues, the open-conflict report, the decision register, the audit
 * trail (JSON or CSV, streamed) and the caller's inbox. Every state-describing view takes {@code asOf} and then
 * answers as the system stood at that instant, rebuilt from the events.
 */
@RestController
@Validated
@RequestMapping(path = "/api/v1", produces = "application/json")
class IssueQueryController {

    private final QueryGateway queries;
    private final ApiSupport api;
    private final AuditTrail auditTrail;
    private final ObjectMapper objectMapper;
    private final VersionWaits versionWaits;

    IssueQueryController(QueryGateway queries, ApiSupport api, AuditTrail auditTrail, ObjectMapper objectMapper,
                         VersionWaits versionWaits) {
        this.queries = queries;
        this.api = api;
        this.auditTrail = auditTrail;
        this.objectMapper = objectMapper;
        this.versionWaits = versionWaits;
    }

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
                     Authentication caller) {
        return ask(new FindIssues(cid, status, tier, severity, category, party, text, page, size, asOf),
                   IssuePage.class);
    }

    @GetMapping("/collaborations/{cid}/issues/{iid}")
    ResponseEntity<IssueView> issue(@PathVariable String cid, @PathVariable String iid,
                                    @RequestParam(required = false) Instant asOf,
                                    Authentication caller) {
        return found(readIssue(cid, iid, asOf));
    }

    /**
     * Read-your-writes: answers once the view has applied {@code minVersion} (bounded; then as it is), holding no
     * request thread meanwhile ({@link VersionWaits}). An {@code asOf} read is rebuilt from the events: no wait.
     */
    @GetMapping(path = "/collaborations/{cid}/issues/{iid}", params = "minVersion")
    CompletableFuture<ResponseEntity<IssueView>> issueAfter(@PathVariable String cid, @PathVariable String iid,
                                                            @RequestParam(required = false) Instant asOf,
                                                            // optional in the API document: the mapping is one
                                                            // operation there, with or without it
                                                            @RequestParam(required = false) @Min(0) Long minVersion,
                                                            Authentication caller) {
        IssueView view = readIssue(cid, iid, asOf);
        if (minVersion == null || asOf != null || (view != null && view.version() >= minVersion)) {
            return CompletableFuture.completedFuture(found(view));
        }
        return versionWaits.await(caller.getName(), () -> readIssue(cid, iid, null),
                                  later -> later != null && later.version() >= minVersion)
                           .thenApply(IssueQueryController::found);
    }

    private IssueView readIssue(String cid, String iid, Instant asOf) {
        return queries.query(new FindIssue(cid, iid, asOf), ResponseTypes.instanceOf(IssueView.class)).join();
    }

    private static ResponseEntity<IssueView> found(IssueView view) {
        if (view == null) {
            throw new NotFound();
        }
        return ResponseEntity.ok().eTag(Long.toString(view.version())).body(view);
    }

    @GetMapping("/collaborations/{cid}/issues/{iid}/history")
    List<org.concordia.kernel.audit.AuditEntry> history(@PathVariable String cid, @PathVariable String iid,
                                                         Authentication caller) {
        api.requireIssueIn(cid, iid);
        try (Stream<org.concordia.kernel.audit.AuditEntry> entries = auditTrail.entries(
                new FindAuditTrail(cid, iid, null, null, null, -1, FindAuditTrail.MAX_LIMIT))) {
            return entries.toList();
        }
    }

    @GetMapping("/collaborations/{cid}/reports/open-conflicts")
    OpenConflictReport openConflicts(@PathVariable String cid, @RequestParam(required = false) Instant asOf,
                                     Authentication caller) {
        Instant now = asOf != null ? asOf : Instant.now();
        return ask(new FindOpenConflictReport(cid, now, asOf), OpenConflictReport.class);
    }

    @GetMapping("/collaborations/{cid}/decisions")
    DecisionRegister decisions(@PathVariable String cid, @RequestParam(required = false) Instant asOf,
                               Authentication caller) {
        return ask(new FindDecisions(cid, asOf), DecisionRegister.class);
    }

    /** A page with {@code limit}; otherwise the whole trail, streamed (constant memory), as JSON or CSV. */
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
        if (issueId != null) {
            api.requireIssueIn(cid, issueId);
        }
        boolean csv = accept.contains("text/csv");
        if (limit != null && !csv) {
            AuditTrailPage page = ask(new FindAuditTrail(cid, issueId, from, to, actor, after, limit),
                                      AuditTrailPage.class);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                                 .body(out -> objectMapper.writeValue(out, page));
        }
        FindAuditTrail query = new FindAuditTrail(cid, issueId, from, to, actor, after, FindAuditTrail.MAX_LIMIT);
        return AuditTrailDownload.of(() -> auditTrail.entries(query), csv, "audit-trail.csv");
    }

    @GetMapping("/me/inbox")
    Inbox inbox(@RequestParam(required = false) Instant asOf, Authentication caller) {
        List<String> mine = queries.query(new FindCollaborationsOfMember(caller.getName()),
                                          ResponseTypes.multipleInstancesOf(CollaborationSummary.class))
                                   .join().stream().map(CollaborationSummary::id).toList();
        return ask(new FindInbox(caller.getName(), mine, asOf), Inbox.class);
    }

    private <Q, R> R ask(Q query, Class<R> type) {
        return queries.query(query, ResponseTypes.instanceOf(type)).join();
    }
}
