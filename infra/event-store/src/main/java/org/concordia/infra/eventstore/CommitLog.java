package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.stream.Stream;

/**
 * The event store read in global position order, for readers that are not event processors: the audit chain (which
 * hashes what is stored, byte for byte), operations (the head, for lag), the query side's as-of reads, benchmarks.
 * Every read is a key lookup. Positions start at 1; a commit occupies a block of consecutive positions.
 */
public interface CommitLog {

    /** The highest position allocated so far (the last ones may still be in flight); 0 for an empty store. */
    long headPosition();

    /** The commits whose first positions lie in {@code [from, to]}, by first position, void ones included. */
    NavigableMap<Long, StoredCommit> commitsStartingIn(long from, long to);

    /**
     * The events at the given positions, upcast and deserialised, in position order; positions that hold no event
     * are left out.
     */
    List<TrackedEventMessage<?>> readPositions(Collection<Long> positions);

    /** Every event after {@code afterPosition} (0: from the start), in position order, as processors get them. */
    Stream<? extends TrackedEventMessage<?>> readFrom(long afterPosition);

    /**
     * One commit as stored: the events of one unit of work at positions {@code firstPosition}, {@code
     * firstPosition + 1}, …; a void commit (a writer that lost a race) holds its positions and no events.
     */
    record StoredCommit(long firstPosition, long lastPosition, Instant committedAt, boolean isVoid,
                        List<StoredEvent> events) {
    }

    /**
     * One event exactly as stored, every field the string the store holds (nothing deserialised, nothing upcast).
     * An event published without an aggregate has no aggregate type, its event id as aggregate id, sequence 0.
     */
    record StoredEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                       String payloadType, String payloadRevision, String timestamp, String payload,
                       String metaData) {
    }
}
