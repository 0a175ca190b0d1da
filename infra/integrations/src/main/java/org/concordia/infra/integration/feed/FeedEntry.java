package org.concordia.infra.integration.feed;

import io.cloudevents.CloudEvent;

/**
 * One event of the {@link EventFeed}: its gap-free feed position, the collaboration it belongs to (for access
 * control and webhook filters), the event as a CloudEvent (contract: id = event id, source =
 * /collaborations/{cid}, type = org.concordia.&lt;EventName&gt;.v&lt;revision&gt;, subject = issue id) and where
 * the event is in the event store ({@code storePosition}; null for entries fed before it was recorded).
 */
public record FeedEntry(long position, String collaborationId, CloudEvent event, Long storePosition) {

    public FeedEntry(long position, String collaborationId, CloudEvent event) {
        this(position, collaborationId, event, null);
    }

    /** Whether the event was in the event store at or before {@code storePosition} (false when not known). */
    public boolean storedAtOrBefore(long storePosition) {
        return this.storePosition != null && this.storePosition <= storePosition;
    }
}
