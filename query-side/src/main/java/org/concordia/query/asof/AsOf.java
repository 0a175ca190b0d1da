package org.concordia.query.asof;

import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.query.audit.AuditTrail;

/**
 * Rebuilds a collaboration's read models as they stood at an instant: its events in global position order (from
 * the event store, via the audit trail reader), those recorded at or before the instant, folded in memory. The
 * live read models are not touched. Cost: one pass over the collaboration's events ({@link #issue}: over the
 * issue's). The report as of an instant is answered from its snapshots instead
 * ({@link org.concordia.query.report.OpenConflictReportProjection#findAsOf}); this rebuild is its fallback.
 */
public final class AsOf {

    private final AuditTrail trail;

    public AsOf(AuditTrail trail) {
        this.trail = trail;
    }

    /**
     * One issue as it stood at {@code asOf}, its overdue flags judged then: its own events only (an issue's state
     * depends on nothing else), read by the audit index's per-issue positions. Null if it did not exist yet.
     */
    public org.concordia.kernel.issue.query.IssueView issue(String collaborationId, String issueId, Instant asOf) {
        org.concordia.query.issue.IssueState state = null;
        try (Stream<TrackedEventMessage<?>> events = trail.events(collaborationId, issueId)) {
            for (TrackedEventMessage<?> m : (Iterable<TrackedEventMessage<?>>) events::iterator) {
                if (!m.getTimestamp().isAfter(asOf) && m.getPayload() instanceof org.concordia.kernel.issue.IssueEvent e
                    && e.issueId().equals(issueId)) {
                    state = org.concordia.query.issue.IssueState.apply(state, e, m.getTimestamp(),
                            m instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : -1);
                }
            }
        }
        return state == null ? null : state.toView(asOf);
    }

    public CollaborationModel rebuild(String collaborationId, Instant asOf) {
        CollaborationModel model = new CollaborationModel(collaborationId);
        try (Stream<TrackedEventMessage<?>> events = trail.events(collaborationId, null)) {
            events.filter(m -> !m.getTimestamp().isAfter(asOf)).forEach(m -> model.apply(m.getPayload(),
                    m instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : -1, m.getTimestamp()));
        }
        return model;
    }
}
