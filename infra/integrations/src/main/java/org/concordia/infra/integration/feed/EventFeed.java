package org.concordia.infra.integration.feed;

import java.util.List;

/**
 * The integration feed: every event of the store, renumbered 1, 2, 3, … with no holes (the event store's global
 * positions may have gaps left by failed commits), each as a CloudEvent. Written by one single-writer projection in
 * global order; webhooks, the SSE stream and the HTTP feed all read from here, so they agree on positions.
 */
public interface EventFeed {

    /** Up to {@code limit} entries with position greater than {@code after}, in position order. */
    List<FeedEntry> after(long after, int limit);

    /** The highest position assigned so far; 0 when the feed is empty. */
    long head();
}
