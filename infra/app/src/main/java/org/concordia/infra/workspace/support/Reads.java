package org.concordia.infra.workspace.support;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
import org.concordia.kernel.collaboration.query.FindCollaborationsOfMember;
import org.concordia.kernel.issue.query.CountInbox;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.FindDecisions;
import org.concordia.kernel.issue.query.FindInbox;
import org.concordia.kernel.issue.query.FindIssue;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.FindOpenConflictReport;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.InboxCount;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.query.audit.AuditTrail;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the pages read, through the same query gateway, membership check and audit trail as the HTTP API: a user
 * who is not a member of a collaboration gets {@link NotFound} for anything inside it.
 */
@Component
public class Reads {

    private static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    private final QueryGateway queries;
    private final ApiSupport api;
    private final AuditTrail auditTrail;
    private final Clock clock;

    Reads(QueryGateway queries, ApiSupport api, AuditTrail auditTrail) {
        this.queries = queries;
        this.api = api;
        this.auditTrail = auditTrail;
        this.clock = Clock.systemUTC();
    }

    public Instant now() {
        return clock.instant();
    }

    public List<CollaborationSummary> collaborationsOf(String username) {
        return queries.query(new FindCollaborationsOfMember(username),
                             ResponseTypes.multipleInstancesOf(CollaborationSummary.class)).join();
    }

    /** The collaboration as it is now, if the user is an active member; otherwise not found. */
    public CollaborationView collaboration(String collaborationId, String username) {
        return api.requireMember(collaborationId, username);
    }

    /** Waits (bounded) until the collaboration's view has applied {@code version}, after this user's own change. */
    public void awaitCollaboration(String collaborationId, long version) {
        long deadline = System.nanoTime() + READ_YOUR_WRITES_WAIT.toNanos();
        while (System.nanoTime() < deadline && queries.query(FindCollaboration.now(collaborationId),
                        ResponseTypes.optionalInstanceOf(CollaborationView.class)).join()
                .map(view -> view.version() < version).orElse(true)) {
            pause();
        }
    }

    /**
     * The collaboration as it stood at {@code asOf} (who may look is decided by today's membership); empty before
     * it was registered.
     */
    public Optional<CollaborationView> collaborationAsOf(String collaborationId, Instant asOf) {
        return queries.query(new FindCollaboration(collaborationId, asOf),
                             ResponseTypes.optionalInstanceOf(CollaborationView.class)).join();
    }

    public OpenConflictReport report(String collaborationId, Instant asOf) {
        return ask(new FindOpenConflictReport(collaborationId, asOf != null ? asOf : now(), asOf),
                   OpenConflictReport.class);
    }

    public IssuePage issues(FindIssues query) {
        return ask(query, IssuePage.class);
    }

    /** The issue, waiting (bounded) until its view has applied {@code minVersion} — after this user's own write. */
    public IssueView issue(String collaborationId, String issueId, long minVersion) {
        api.requireIssueIn(collaborationId, issueId);
        long deadline = System.nanoTime() + READ_YOUR_WRITES_WAIT.toNanos();
        IssueView view = ask(new FindIssue(collaborationId, issueId, null), IssueView.class);
        while ((view == null || view.version() < minVersion) && System.nanoTime() < deadline) {
            pause();
            view = ask(new FindIssue(collaborationId, issueId, null), IssueView.class);
        }
        if (view == null) {
            throw new NotFound();
        }
        return view;
    }

    public void requireIssueIn(String collaborationId, String issueId) {
        api.requireIssueIn(collaborationId, issueId);
    }

    /** Every recorded fact of one issue, oldest first. */
    public List<AuditEntry> history(String collaborationId, String issueId) {
        api.requireIssueIn(collaborationId, issueId);
        try (Stream<AuditEntry> entries = auditTrail.entries(
                new FindAuditTrail(collaborationId, issueId, null, null, null, -1, FindAuditTrail.MAX_LIMIT))) {
            return entries.toList();
        }
    }

    public AuditTrailPage auditTrail(FindAuditTrail query) {
        if (query.issueId() != null) {
            api.requireIssueIn(query.collaborationId(), query.issueId());
        }
        return ask(query, AuditTrailPage.class);
    }

    /** The whole (filtered) trail as a stream, for downloads; the caller closes it. */
    public Stream<AuditEntry> auditEntries(FindAuditTrail query) {
        if (query.issueId() != null) {
            api.requireIssueIn(query.collaborationId(), query.issueId());
        }
        return auditTrail.entries(query);
    }

    public DecisionRegister decisions(String collaborationId, Instant asOf) {
        return ask(new FindDecisions(collaborationId, asOf), DecisionRegister.class);
    }

    /** The issues of one collaboration the inbox page lists at most (the longest-known first); the badge counts all. */
    public static final int INBOX_PAGE_ISSUES = 100;

    /** What waits for the user, overdue actions judged now; at most {@link #INBOX_PAGE_ISSUES} per collaboration. */
    public Inbox inbox(String username) {
        List<String> mine = collaborationsOf(username).stream().map(CollaborationSummary::id).toList();
        return ask(new FindInbox(username, mine, null, now(), INBOX_PAGE_ISSUES), Inbox.class);
    }

    /** How many issues wait for the user across their collaborations (the navigation's badge). */
    public long inboxCount(String username) {
        List<String> mine = collaborationsOf(username).stream().map(CollaborationSummary::id).toList();
        return ask(new CountInbox(username, mine), InboxCount.class).issues();
    }

    /**
     * What a member of one collaboration still holds, as {@code GET .../members/{username}/open-items} reads it: their
     * open actions, ballots to vote on and issues to acknowledge there (their tiers are in the collaboration's view).
     */
    public Inbox openItems(String collaborationId, String username) {
        return ask(new FindInbox(username, List.of(collaborationId), null, now()), Inbox.class);
    }

    private <Q, R> R ask(Q query, Class<R> type) {
        return queries.query(query, ResponseTypes.instanceOf(type)).join();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
