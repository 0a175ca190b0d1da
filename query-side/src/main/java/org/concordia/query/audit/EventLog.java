package org.concordia.query.audit;

import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * Port to the event store's global order, implemented by infra on the MongoDB event storage engine (global
 * position = {@code trackingToken().position()}; a commit is fetched by {@code _id} = position).
 */
public interface EventLog {

    /** The events at these positions, in position order; unknown positions are left out. */
    List<TrackedEventMessage<?>> readPositions(Collection<Long> positions);

    /** Every event after {@code afterPosition} (-1: from the start) in position order, read lazily; close the stream. */
    Stream<TrackedEventMessage<?>> readFrom(long afterPosition);

    /** The position of the last event stored, -1 when empty. */
    long headPosition();
}
