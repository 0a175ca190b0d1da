package org.concordia.infra.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.SnapshotTrigger;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;

class GrowingSnapshotTriggerDefinitionTest {

    private final List<Long> snapshotsAt = new ArrayList<>();
    private long handled;
    private final Snapshotter snapshotter = (type, id) -> snapshotsAt.add(handled);

    private void events(SnapshotTrigger trigger, long from, long to) {
        for (long seq = from; seq < to; seq++) {
            handled = seq;
            trigger.eventHandled(new GenericDomainEventMessage<>("Issue", "i-1", seq, "event " + seq));
        }
    }

    @Test
    void aShortHistoryIsSnapshottedEveryMinimumEvents() {
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(snapshotter, 100).prepareTrigger(Object.class);
        events(trigger, 0, 1_000);
        assertThat(snapshotsAt).containsExactly(99L, 199L, 299L, 399L, 499L, 599L, 699L, 799L, 899L, 999L);
    }

    @Test
    void aLongHistoryIsSnapshottedAfterATenthOfItsEventsSoWhatSnapshotsWriteStaysConstantPerEvent() {
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(snapshotter, 100).prepareTrigger(Object.class);
        events(trigger, 0, 10_000);
        for (int i = 1; i < snapshotsAt.size(); i++) {
            long gap = snapshotsAt.get(i) - snapshotsAt.get(i - 1);
            assertThat(gap).isGreaterThanOrEqualTo(Math.max(100, (snapshotsAt.get(i) + 1) / 10 - 1));
        }
        // a snapshot's size grows with the history: the sum of the histories snapshotted, per event, is bounded
        // (about 11 histories' worth of ids in all), where one every 100 events would be 50 at 10,000 events
        double snapshottedPerEvent = snapshotsAt.stream().mapToLong(s -> s + 1).sum() / 10_000.0;
        assertThat(snapshottedPerEvent).isLessThan(12);
        assertThat(snapshotsAt).hasSizeBetween(30, 40);
    }

    @Test
    void afterLoadingFromASnapshotItCountsTheTailAgainstTheHistoryItFollows() {
        SnapshotTrigger trigger = new GrowingSnapshotTriggerDefinition(snapshotter, 100).prepareTrigger(Object.class);
        events(trigger, 5_000, 5_500); // the events after a snapshot at 4,999, replayed when the aggregate loads
        assertThat(snapshotsAt).isEmpty();
        events(trigger, 5_500, 5_600);
        assertThat(snapshotsAt).containsExactly(5_554L); // 555 events since the snapshot: a tenth of 5,555
    }
}
