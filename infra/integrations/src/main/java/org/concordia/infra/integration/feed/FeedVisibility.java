package org.concordia.infra.integration.feed;

import java.util.function.Predicate;

/**
 * Which entries of the feed a reader may see beyond the collaborations they belong to: some issues are restricted to
 * some of a collaboration's members (issue 15), and their events must reach no one else — not through the HTTP feed,
 * the SSE stream nor a webhook. A port: who may see which issue is decided in the application, from the same facts its
 * views use; this module only asks.
 */
@FunctionalInterface
public interface FeedVisibility {

    /** Every entry to everyone: for a module tested on its own, or an application without restricted content. */
    FeedVisibility EVERYTHING = username -> entry -> true;

    /**
     * What {@code username} may see now, as a test of one entry at a time; taken once per batch or turn (it may
     * remember what it looked up), so a change of who may see what applies from the next batch on.
     */
    Predicate<FeedEntry> of(String username);
}
