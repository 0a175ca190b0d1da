package org.concordia.infra.integration.feed;

import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.concordia.kernel.collaboration.MemberAdded;
import org.concordia.kernel.collaboration.MemberRemoved;

/**
 * The single writer of the feed: on a tracking processor with one segment it sees every event in global order and
 * gives each the next position. Idempotent under redelivery (an event already fed is skipped by its id) and
 * never reset: positions are a contract with consumers, so {@link #supportsReset()} is false and the admin replay
 * refuses it.
 */
public class FeedProjection implements EventMessageHandler {

    public static final String PROCESSING_GROUP = "integration-feed";
    private final MongoEventFeed feed;
    private final CloudEventMapper mapper;
    /** The last position given out by this writer; null when it must be read from the store again. */
    private Long head;
    /** Entries of the current batch, not yet written. */
    private final List<MongoEventFeed.NewEntry> pending = new ArrayList<>();
    /** Which events of the current batch were fed before it started. */
    private Set<String> fedInBatch = Set.of();

    public FeedProjection(MongoEventFeed feed, CloudEventMapper mapper) {
        this.feed = feed;
        this.mapper = mapper;
    }

    @Override
    public synchronized Object handle(EventMessage<?> event) {
        if (isFed(event.getIdentifier())) {
            return null;
        }
        if (head == null) {
            head = feed.recoverHead();
            // Recovery may have restored the records of events of this batch written just before a crash.
            if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
                fedInBatch = feed.fedAmong(batch.getMessages().stream().map(m -> m.getIdentifier()).toList());
            }
            if (feed.positionOf(event.getIdentifier()) != null) {
                return null;
            }
        }
        // membership first: once an entry is there, so is who may read it
        if (event.getPayload() instanceof MemberAdded added) {
            feed.memberAdded(added.username(), added.collaborationId());
        } else if (event.getPayload() instanceof MemberRemoved removed) {
            feed.memberRemoved(removed.username(), removed.collaborationId());
        }
        long position = head + 1;
        CloudEvent cloudEvent = mapper.toCloudEvent(event, position);
        pending.add(new MongoEventFeed.NewEntry(position, event.getIdentifier(),
                                                CloudEventMapper.collaborationIdOf(event.getPayload()),
                                                CloudEventMapper.serializeToString(cloudEvent), storePositionOf(event)));
        head = position;
        // One write per processor batch, made by the batch's last event, inside event handling and so before the
        // processor stores its token; outside a batch (tests, a single event) at once.
        if (!(CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            flush();
        } else {
            if (pending.size() == 1) {
                batch.onRollback(u -> discardPending());
            }
            if (batch.isLastMessage()) {
                flush();
            }
        }
        return null;
    }

    /** Where the event is in the event store; null when it did not come from a tracking processor (tests). */
    private static Long storePositionOf(EventMessage<?> event) {
        if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null) {
            OptionalLong position = tracked.trackingToken().position();
            return position.isPresent() ? position.getAsLong() : null;
        }
        return null;
    }

    private boolean isFed(String eventId) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch) {
            if (batch.isFirstMessage()) {
                // one look-up for the whole batch instead of one per event
                fedInBatch = feed.fedAmong(batch.getMessages().stream().map(m -> m.getIdentifier()).toList());
            }
            return fedInBatch.contains(eventId);
        }
        return feed.positionOf(eventId) != null;
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<MongoEventFeed.NewEntry> entries = List.copyOf(pending);
        pending.clear();
        if (!feed.append(entries)) {
            // Another writer took a position (a node that lost its claim without knowing): recover, and let the
            // processor retry the batch; the retry skips whatever is fed by then.
            head = null;
            throw new IllegalStateException("feed positions from " + entries.get(0).position()
                                            + " are taken; recovering the head");
        }
        feed.recordHeadHint(entries.get(entries.size() - 1).position());
    }

    /** The batch failed before its entries were written: forget them, and where the head is. */
    private synchronized void discardPending() {
        pending.clear();
        head = null;
    }

    @Override
    public boolean supportsReset() {
        return false;
    }
}
