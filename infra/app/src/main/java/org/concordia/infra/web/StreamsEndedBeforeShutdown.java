package org.concordia.infra.web;

import org.springframework.context.SmartLifecycle;

/**
 * A component holding long-lived streams (SSE) that ends them when the application starts shutting down, in a phase
 * before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}): a stream lasts until its timeout, so
 * otherwise the graceful shutdown waits its whole {@code spring.lifecycle.timeout-per-shutdown-phase} for the open
 * streams and then cuts them anyway. Clients reconnect, to another node or to this one when it is back.
 */
public abstract class StreamsEndedBeforeShutdown implements SmartLifecycle {

    private volatile boolean running;
    private volatile boolean ending;

    /** Ends every open stream (the clients see the end and reconnect). */
    protected abstract void endStreams();

    /** Shutting down: the open streams were ended, and a stream asked for now is to be ended at once. */
    protected final boolean ending() {
        return ending;
    }

    @Override
    public final void start() {
        running = true;
    }

    @Override
    public final void stop() {
        ending = true;
        running = false;
        endStreams();
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
