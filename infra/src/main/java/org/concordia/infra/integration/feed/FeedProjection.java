package org.concordia.infra.integration.feed;

import io.cloudevents.CloudEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;

/**
 * The single writer of the feed: on a tracking processor with one segment it sees every event in global order and
 * gives each the next position. Idempotent under redelivery (an event already fed is skipped by its id) and
 * never reset: positions are a contract with consumers, so {@link #supportsReset()} is false and the admin replay
 * refuses it.
 */
public class FeedProjection implements EventMessageHandler {

    public static final String PROCESSING_GROUP = "integration-feed";
    /** The head hint is moved every this many positions: recovery probes at most this far. */
    static final int HEAD_HINT_EVERY = 64;

    private final MongoEventFeed feed;
    private final CloudEventMapper mapper;
    /** The last position written by this writer; null when it must be read from the store again. */
    private Long head;

    public FeedProjection(MongoEventFeed feed, CloudEventMapper mapper) {
        this.feed = feed;
        this.mapper = mapper;
    }

    @Override
    public synchronized Object handle(EventMessage<?> event) {
        if (feed.positionOf(event.getIdentifier()) != null) {
            return null;
        }
        if (head == null) {
            head = feed.recoverHead();
            // Recovery may have found this very event written just before a crash.
            if (feed.positionOf(event.getIdentifier()) != null) {
                return null;
            }
        }
        long position = head + 1;
        CloudEvent cloudEvent = mapper.toCloudEvent(event, position);
        if (!feed.append(position, event.getIdentifier(), CloudEventMapper.collaborationIdOf(event.getPayload()),
                         CloudEventMapper.serializeToString(cloudEvent))) {
            // Another writer took the position (a node that lost its claim without knowing): recover, and let the
            // processor retry the batch; the retry skips whatever is fed by then.
            head = null;
            throw new IllegalStateException("feed position " + position + " is taken; recovering the head");
        }
        head = position;
        if (position % HEAD_HINT_EVERY == 0) {
            feed.recordHeadHint(position);
        }
        return null;
    }

    @Override
    public boolean supportsReset() {
        return false;
    }
}
