package org.concordia.query.support;

import org.axonframework.eventhandling.TrackingToken;

/** The global position of a tracked event (its index in the event store's global order). */
public final class Positions {

    private Positions() {
    }

    public static long of(TrackingToken token) {
        if (token == null) {
            throw new IllegalStateException("these projections need a tracking (streaming) processor: no tracking token");
        }
        return token.position().orElseThrow(
                () -> new IllegalStateException("tracking token without a position: " + token));
    }
}
