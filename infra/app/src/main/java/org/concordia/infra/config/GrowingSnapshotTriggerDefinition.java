package org.concordia.infra.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.AbstractSnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;

/**
 * Snapshots an aggregate after {@code minimum} events, or after a tenth of its history once that is longer: an
 * issue's snapshot holds the ids of all its comments and evidence (to refuse a reused id), so it grows with the
 * issue, and a snapshot every fixed number of events would write O(events²) bytes over an issue's life (issue 16:
 * 60 KB every 100 events after 1,500 comments). With the interval growing with the history, what snapshots write
 * per event stays constant, and loading an aggregate replays at most a tenth of its events after the snapshot.
 */
final class GrowingSnapshotTriggerDefinition implements SnapshotTriggerDefinition {

    private final Snapshotter snapshotter;
    private final int minimum;

    GrowingSnapshotTriggerDefinition(Snapshotter snapshotter, int minimum) {
        this.snapshotter = snapshotter;
        this.minimum = minimum;
    }

    @Override
    public SnapshotTrigger prepareTrigger(Class<?> aggregateType) {
        return new Trigger(snapshotter, aggregateType, minimum);
    }

    @Override
    public SnapshotTrigger reconfigure(Class<?> aggregateType, SnapshotTrigger trigger) {
        if (trigger instanceof AbstractSnapshotTrigger abstractTrigger) {
            abstractTrigger.setSnapshotter(snapshotter);
            return trigger;
        }
        return prepareTrigger(aggregateType);
    }

    static final class Trigger extends AbstractSnapshotTrigger {
        private final int minimum;
        private int sinceSnapshot;
        private long sequence;

        Trigger(Snapshotter snapshotter, Class<?> aggregateType, int minimum) {
            super(snapshotter, aggregateType);
            this.minimum = minimum;
        }

        @Override
        public void eventHandled(EventMessage<?> message) {
            if (message instanceof DomainEventMessage<?> domain) {
                sequence = domain.getSequenceNumber();
            }
            super.eventHandled(message);
        }

        @Override
        protected boolean exceedsThreshold() {
            return ++sinceSnapshot >= Math.max(minimum, (sequence + 1) / 10);
        }

        @Override
        protected void reset() {
            sinceSnapshot = 0;
        }
    }
}
