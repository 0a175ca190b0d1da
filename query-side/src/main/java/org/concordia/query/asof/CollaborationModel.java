package org.concordia.query.asof;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.DecisionRegister;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.Inbox;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.kernel.issue.query.IssueView;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.kernel.issue.query.Viewer;
import org.concordia.query.decision.DecisionLog;
import org.concordia.query.inbox.InboxBook;
import org.concordia.query.issue.IssueFilter;
import org.concordia.query.issue.IssueState;
import org.concordia.query.report.ReportContribution;
import org.concordia.query.report.ReportCounters;
import org.concordia.query.support.Json;

/**
 * Every state-describing read model of one collaboration, held in memory and fed event by event through the
 * same transitions the live projections persist ({@link IssueState}, {@link ReportCounters}, {@link DecisionLog},
 * {@link InboxBook}). Folding the collaboration's events up to an instant answers "as of" that instant.
 */
public final class CollaborationModel {

    private final String collaborationId;
    private final Map<String, IssueState> issues = new LinkedHashMap<>();
    private final ReportCounters report = new ReportCounters();
    private final DecisionLog decisions = new DecisionLog();
    private final List<DecisionRegister.Entry> entries = new ArrayList<>();
    private final Map<String, InboxBook.UserInbox> inboxes = new HashMap<>();

    public CollaborationModel(String collaborationId) {
        this.collaborationId = collaborationId;
    }

    public void apply(Object payload, long seq, Instant at) {
        if (payload instanceof CollaborationEvent e) {
            decisions.members.apply(e);
        } else if (payload instanceof IssueEvent e) {
            IssueState current = issues.get(e.issueId());
            IssueState before = current == null ? null : Json.read(Json.write(current), IssueState.class);
            IssueState after = IssueState.apply(current, e, at, seq);
            issues.put(e.issueId(), after);
            report.apply(ReportContribution.Delta.of(before, after));
            DecisionLog.Effect decided = DecisionLog.effectOf(before, after);
            if (decided.entry() != null) {
                entries.add(decisions.record(decided));
            }
            InboxBook.Effect effect = InboxBook.Effect.of(before, after);
            for (String username : effect.people()) {
                List<InboxBook.Item> items = InboxBook.itemsFor(username, effect.after(), decisions.members);
                InboxBook.UserInbox inbox = inboxes.get(username);
                if (inbox == null && items.isEmpty()) {
                    continue;
                }
                inboxes.computeIfAbsent(username, u -> new InboxBook.UserInbox()).replace(e.issueId(), items);
            }
        }
    }

    /** The issue as it stood, its overdue flags judged at {@code now} (the as-of instant). */
    public IssueView issue(String issueId, Instant now) {
        IssueState s = issues.get(issueId);
        return s == null ? null : s.toView(now);
    }

    public IssueView issue(String issueId) {
        return issue(issueId, null);
    }

    public IssuePage issues(FindIssues q) {
        java.util.Set<String> viewerKeys = q.viewer() == null ? null : q.viewer().keys();
        List<IssueState> matching = issues.values().stream().filter(s -> IssueFilter.matches(q, s))
                .filter(s -> Viewer.opens(viewerKeys, s.visibility())).toList();
        return IssueFilter.page(q, matching, IssueState::toSummary);
    }

    public OpenConflictReport report(Instant now) {
        return report(now, null);
    }

    public OpenConflictReport report(Instant now, java.util.Set<String> viewerKeys) {
        return report.toReport(collaborationId, now, viewerKeys);
    }

    public DecisionRegister decisions() {
        return decisions(null);
    }

    public DecisionRegister decisions(java.util.Set<String> viewerKeys) {
        return new DecisionRegister(collaborationId, entries.stream()
                .filter(entry -> DecisionLog.visible(entry, viewerKeys)).toList());
    }

    public InboxBook.UserInbox inbox(String username) {
        return inboxes.getOrDefault(username, new InboxBook.UserInbox());
    }

    public static Inbox inbox(String username, List<InboxBook.UserInbox> perCollaboration) {
        return InboxBook.toInbox(username, perCollaboration);
    }

    public static Inbox inbox(String username, List<InboxBook.UserInbox> perCollaboration, Instant now) {
        return InboxBook.toInbox(username, perCollaboration,
                now == null ? null : java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC));
    }
}
