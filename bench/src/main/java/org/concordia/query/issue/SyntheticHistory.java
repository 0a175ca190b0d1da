package org.concordia.query.issue;

import java.time.Instant;
import java.util.Iterator;
import org.axonframework.eventhandling.DomainEventMessage;

/** Access to the bench's synthetic history generator from this package. */
final class SyntheticHistory {

    private SyntheticHistory() {
    }

    static Iterator<DomainEventMessage<?>> of(int issues, long events) {
        return org.concordia.bench.SyntheticCollaboration.create(42, issues, events,
                Instant.now().minusSeconds(15 * events));
    }
}
