package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes the cursors a client left open, as MongoDB does after 10 minutes without a {@code getMore}
 * ({@code cursorTimeoutMillis}). A cursor holds the rest of its result in memory; the stock embedded server kept it
 * until the client drained or killed it, so a client that stopped reading a large result without closing it (or
 * died meanwhile) held that memory until the server stopped. A client that asks for more after the timeout gets
 * MongoDB's answer, "cursor not found".
 */
final class IdleCursors {

    /** MongoDB's default {@code cursorTimeoutMillis}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    private final CursorRegistry registry;
    private final long timeoutNanos;
    private final Map<Long, Long> lastUsedNanos = new ConcurrentHashMap<>();
    private final AtomicLong timedOut = new AtomicLong();

    IdleCursors(CursorRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeoutNanos = timeout.toNanos();
    }

    /** A cursor was opened or given more documents. */
    void used(long cursorId) {
        lastUsedNanos.put(cursorId, System.nanoTime());
    }

    /** A cursor was drained. */
    void closed(long cursorId) {
        lastUsedNanos.remove(cursorId);
    }

    /** Closes every cursor not used for longer than the timeout; those the client closed itself are forgotten. */
    void closeIdle() {
        long now = System.nanoTime();
        lastUsedNanos.forEach((id, lastUsed) -> {
            if (now - lastUsed > timeoutNanos && lastUsedNanos.remove(id, lastUsed) && registry.remove(id)) {
                timedOut.incrementAndGet();
            }
        });
    }

    /** How often {@link #closeIdle} should run: a tenth of the timeout, between 100 ms and a minute. */
    Duration sweepInterval() {
        long tenth = timeoutNanos / 10;
        return Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(), Math.min(tenth, Duration.ofMinutes(1).toNanos())));
    }

    /** Cursors closed for being idle since the server started. */
    long timedOut() {
        return timedOut.get();
    }
}
