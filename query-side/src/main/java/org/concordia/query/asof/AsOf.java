package org.concordia.query.asof;

import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.query.audit.AuditTrail;

/**
 * Rebuilds a collaboration's read models as they stood at an instant: its events in global position order (from
 * the event store, via the audit trail reader), those recorded at or before the instant, folded in memory. The
 * live read models are not touched. Cost: one pass over the collaboration's events.
 */
public final class AsOf {

    private final AuditTrail trail;

    public AsOf(AuditTrail trail) {
        this.trail = trail;
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
