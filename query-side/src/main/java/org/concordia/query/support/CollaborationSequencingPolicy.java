package org.concordia.query.support;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.concordia.kernel.account.AccountEvent;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;

/**
 * All events of one collaboration (its own and those of its issues) in one sequence, so a segment sees them in
 * global position order. The read models that combine several aggregates of a collaboration (report counters,
 * decision register with recusals, inboxes, audit index, issue list pages) rely on it: infra must configure it
 * for every processing group of {@link org.concordia.query.QuerySide} (a single segment works too).
 * The projections detect a violation and fail loudly rather than skip.
 */
public final class CollaborationSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    public static final CollaborationSequencingPolicy INSTANCE = new CollaborationSequencingPolicy();
    private static final String ACCOUNTS = "#accounts";

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof IssueEvent e) {
            return e.collaborationId();
        }
        if (payload instanceof CollaborationEvent e) {
            return e.collaborationId();
        }
        if (payload instanceof AccountEvent) {
            return ACCOUNTS; // one sequence, as the audit index reads them as one trail
        }
        return event.getIdentifier();
    }
}
