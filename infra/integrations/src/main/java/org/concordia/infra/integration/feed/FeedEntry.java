package org.concordia.infra.integration.feed;

import io.cloudevents.CloudEvent;

/**
 * One event of the {@link EventFeed}: its gap-free feed position, the collaboration it belongs to (for access
 * control and webhook filters) and the event as a CloudEvent (contract: id = event id, source =
 * /collaborations/{cid}, type = org.concordia.&lt;EventName&gt;.v&lt;revision&gt;, subject = issue id).
 */
public record FeedEntry(long position, String collaborationId, CloudEvent event) {
}
