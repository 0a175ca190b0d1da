package org.concordia.query;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;
import org.axonframework.queryhandling.QueryHandler;
import org.concordia.kernel.audit.AuditTrailPage;
import org.concordia.kernel.audit.FindAuditTrail;
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
import org.concordia.query.asof.AsOf;
import org.concordia.query.asof.CollaborationModel;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.decision.DecisionRegisterProjection;
import org.concordia.query.inbox.InboxBook;
import org.concordia.query.inbox.InboxProjection;
import org.concordia.query.issue.IssueListPages;
import org.concordia.query.issue.IssueState;
import org.concordia.query.issue.IssueViewProjection;
import org.concordia.query.report.OpenConflictReportProjection;

/**
 * Answers the typed queries: live from the read models ({@code _id} lookups only), or — when {@code asOf} is
 * set — the report from its snapshots and logged changes ({@link OpenConflictReportProjection#findAsOf}), one issue
 * from its own events, and the lists, register and inbox from an in-memory rebuild of the collaboration's events
 * up to that instant. Access control (membership)
 * is the caller's job: infra checks it before sending the query.
 */
public class ReadModelQueryHandlers {

    private final IssueViewProjection views;
    private final IssueListPages list;
    private final OpenConflictReportProjection reports;
    private final DecisionRegisterProjection decisions;
    private final InboxProjection inboxes;
    private final AuditTrail trail;
    private final AsOf asOf;

    public ReadModelQueryHandlers(IssueViewProjection views, IssueListPages list,
                                  OpenConflictReportProjection reports, DecisionRegisterProjection decisions,
                                  InboxProjection inboxes, AuditTrail trail) {
        this.views = views;
        this.list = list;
        this.reports = reports;
        this.decisions = decisions;
        this.inboxes = inboxes;
        this.trail = trail;
        this.asOf = new AsOf(trail);
    }

    @QueryHandler
    public IssueView handle(FindIssue q) {
        if (q.asOf() != null) {
            return asOf.issue(q.collaborationId(), q.issueId(), q.asOf());
        }
        IssueState s = views.find(q.issueId());
        return s == null || !s.collaborationId.equals(q.collaborationId()) ? null : s.toView(q.now());
    }

    @QueryHandler
    public IssuePage handle(FindIssues q) {
        return q.asOf() != null ? asOf.rebuild(q.collaborationId(), q.asOf()).issues(q) : list.find(q);
    }

    @QueryHandler
    public OpenConflictReport handle(FindOpenConflictReport q) {
        Set<String> viewerKeys = q.viewer() == null ? null : q.viewer().keys();
        if (q.asOf() == null) {
            return reports.find(q.collaborationId(), q.now(), viewerKeys);
        }
        return reports.findAsOf(q.collaborationId(), q.asOf(), q.now(), viewerKeys)
                      .orElseGet(() -> asOf.rebuild(q.collaborationId(), q.asOf()).report(q.now(), viewerKeys));
    }

    @QueryHandler
    public DecisionRegister handle(FindDecisions q) {
        Set<String> viewerKeys = q.viewer() == null ? null : q.viewer().keys();
        return q.asOf() != null ? asOf.rebuild(q.collaborationId(), q.asOf()).decisions(viewerKeys)
                : decisions.find(q.collaborationId(), viewerKeys);
    }

    @QueryHandler
    public InboxCount handle(CountInbox q) {
        return new InboxCount(inboxes.count(q.username(), q.collaborationIds()));
    }

    @QueryHandler
    public Inbox handle(FindInbox q) {
        if (q.asOf() == null) {
            LocalDate today = q.now() == null ? null : LocalDate.ofInstant(q.now(), ZoneOffset.UTC);
            return inboxes.find(q.username(), q.collaborationIds(), today, q.issuesPerCollaboration());
        }
        List<InboxBook.UserInbox> perCollaboration = new ArrayList<>();
        for (String collaborationId : q.collaborationIds()) {
            perCollaboration.add(asOf.rebuild(collaborationId, q.asOf()).inbox(q.username()));
        }
        return CollaborationModel.inbox(q.username(), perCollaboration, q.asOf());
    }

    @QueryHandler
    public AuditTrailPage handle(FindAuditTrail q) {
        return trail.find(q);
    }
}
