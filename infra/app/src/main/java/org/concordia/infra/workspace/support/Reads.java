package org.concordia.infra.workspace.support;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.concordia.infra.api.ApiSupport;
import org.concordia.infra.api.issue.Viewers;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.web.NotFound;
import org.concordia.kernel.audit.AuditEntry;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
import org.concordia.kernel.collaboration.query.CollaborationSummary;
import org.concordia.kernel.collaboration.query.CollaborationView;
import org.concordia.kernel.collaboration.query.FindCollaboration;
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
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.query.audit.AuditTrail;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the pages read, through the same query gateway, membership check, audit trail and {@link Viewers} as the HTTP
 * API: a user who is not a member of a collaboration gets {@link NotFound} for anything inside it, and every read of
 * issues or their facts is made as the reading user, so a restricted issue (issue 15) they may not see is left out of
 * lists, counts, registers and trails, and is {@link NotFound} by its id, as in the API.
 */
@Component
public class Reads {

    private static final Duration READ_YOUR_WRITES_WAIT = Duration.ofSeconds(2);

    private final QueryGateway queries;
    private final ApiSupport api;
    private final AuditTrail auditTrail;
    private final Viewers viewers;
    private final CurrentCollaborations memberships;
    private final Clock clock;

    Reads(QueryGateway queries, ApiSupport api, AuditTrail auditTrail, Viewers viewers,
          CurrentCollaborations memberships) {
        this.queries = queries;
        this.memberships = memberships;
        this.api = api;
        this.auditTrail = auditTrail;
        this.viewers = viewers;
        this.clock = Clock.systemUTC();
    }

    public Instant now() {
        return clock.instant();
    }

    /** For lists: the read model's, which may lag a membership change (see {@link CurrentCollaborations}). */
    public List<CollaborationSummary> collaborationsOf(String username) {
        return memberships.collaborationsOf(username);
    }

    /** The collaboration as it is now, if the user is an active member; otherwise not found. */
    public CollaborationView collaboration(String collaborationId, String username) {
        return memberView(collaborationId, username);
    }

    /**
     * The collaboration as it is now, if the user is an active member; otherwise not found. Read once per page
     * request (a GET) however many of its reads need it — its view and the reader's {@link #viewer} — since such a
     * request changes nothing; a request that writes reads it afresh each time.
     */
    private CollaborationView memberView(String collaborationId, String username) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (!(request instanceof ServletRequestAttributes servlet)
            || !("GET".equals(servlet.getRequest().getMethod()) || "HEAD".equals(servlet.getRequest().getMethod()))) {
            return api.requireMember(collaborationId, username);
        }
        String key = Reads.class.getName() + ".member:" + collaborationId + ":" + username;
        if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof CollaborationView known) {
            return known;
        }
        CollaborationView view = api.requireMember(collaborationId, username);
        request.setAttribute(key, view, RequestAttributes.SCOPE_REQUEST);
        return view;
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

    /** The open-conflict report as the user may see it (restricted issues they may not see are not counted). */
    public OpenConflictReport report(String collaborationId, String username, Instant asOf) {
        return ask(new FindOpenConflictReport(collaborationId, asOf != null ? asOf : now(), asOf,
                                              viewer(collaborationId, username)), OpenConflictReport.class);
    }

    /** A page of the issues the user may see; whatever viewer {@code query} carries, it is read as {@code username}. */
    public IssuePage issues(String username, FindIssues query) {
        Viewer viewer = viewer(query.collaborationId(), username);
        return ask(new FindIssues(query.collaborationId(), query.status(), query.tier(), query.severity(),
                                  query.category(), query.party(), query.text(), query.page(), query.size(),
                                  query.asOf(), viewer, query.order()), IssuePage.class);
    }

    /**
     * The issue, waiting (bounded) until its view has applied {@code minVersion} — after this user's own write. Not
     * found unless the user is a member and may see it.
     */
    public IssueView issue(String collaborationId, String issueId, String username, long minVersion) {
        requireIssueVisible(collaborationId, issueId, username);
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

    /**
     * Not found unless the user is an active member of the collaboration, the issue belongs to it and the user may
     * see it (a restricted issue they may not see is as one that does not exist).
     */
    public void requireIssueVisible(String collaborationId, String issueId, String username) {
        viewers.requireVisible(collaborationId, issueId, viewer(collaborationId, username));
    }

    /** Every recorded fact of one issue the user may see, oldest first. */
    public List<AuditEntry> history(String collaborationId, String issueId, String username) {
        requireIssueVisible(collaborationId, issueId, username);
        try (Stream<AuditEntry> entries = auditTrail.entries(
                new FindAuditTrail(collaborationId, issueId, null, null, null, -1, FindAuditTrail.MAX_LIMIT))) {
            return entries.toList();
        }
    }

    /** A page of the (filtered) trail, without the entries of issues restricted from the user. */
    public AuditTrailPage auditTrail(FindAuditTrail query, String username) {
        return auditTrail.find(query, visibleIssues(query, username));
    }

    /**
     * The whole (filtered) trail as a stream, for downloads, without the entries of issues restricted from the user;
     * the caller closes it.
     */
    public Stream<AuditEntry> auditEntries(FindAuditTrail query, String username) {
        return auditTrail.entries(query, visibleIssues(query, username));
    }

    /** The decision register as the user may see it (decisions on restricted issues they may not see left out). */
    public DecisionRegister decisions(String collaborationId, String username, Instant asOf) {
        return ask(new FindDecisions(collaborationId, asOf, viewer(collaborationId, username)),
                   DecisionRegister.class);
    }

    /** The test of issue ids for one read of the trail; an issue filter the user may not see is not found. */
    private Predicate<String> visibleIssues(FindAuditTrail query, String username) {
        Viewer viewer = viewer(query.collaborationId(), username);
        if (query.issueId() != null) {
            viewers.requireVisible(query.collaborationId(), query.issueId(), viewer);
        }
        return viewers.issuesVisibleTo(query.collaborationId(), viewer);
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
     * open actions, ballots to vote on and issues to acknowledge there (their tiers are in the collaboration's view),
     * without the items of issues restricted from {@code reader}.
     */
    public Inbox openItems(String collaborationId, String username, String reader) {
        return viewers.itemsVisibleTo(collaborationId,
                                      ask(new FindInbox(username, List.of(collaborationId), null, now()), Inbox.class),
                                      viewer(collaborationId, reader));
    }

    /**
     * The member reading the collaboration (not found for anyone else), worked out once per request however many reads
     * of that request need it: a page reads the collaboration's view for it once, not once per read.
     */
    private Viewer viewer(String collaborationId, String username) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return viewers.of(collaborationId, username);
        }
        String key = Reads.class.getName() + ".viewer:" + collaborationId + ":" + username;
        if (request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof Viewer known) {
            return known;
        }
        Viewer viewer = viewers.ofMember(memberView(collaborationId, username), username).orElseThrow(NotFound::new);
        request.setAttribute(key, viewer, RequestAttributes.SCOPE_REQUEST);
        return viewer;
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
