package org.concordia.query;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.concordia.query.audit.EventLog;
import org.concordia.query.support.Positions;

/** The event-log port over an Axon storage engine (tests use the in-memory one). */
final class StoreEventLog implements EventLog {

    private final EventStorageEngine engine;

    StoreEventLog(EventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
        Set<Long> wanted = new HashSet<>(positions);
        long from = positions.stream().mapToLong(Long::longValue).min().orElse(0);
        try (Stream<TrackedEventMessage<?>> all = readFrom(from - 1)) {
            return all.filter(m -> wanted.contains(Positions.of(m.trackingToken()))).limit(wanted.size()).toList();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Stream<TrackedEventMessage<?>> readFrom(long afterPosition) {
        return (Stream<TrackedEventMessage<?>>) engine.readEvents(
                afterPosition < 0 ? null : new GlobalSequenceTrackingToken(afterPosition), false);
    }

    @Override
    public long headPosition() {
        return engine.createHeadToken() == null ? -1 : Positions.of(engine.createHeadToken());
    }
}
