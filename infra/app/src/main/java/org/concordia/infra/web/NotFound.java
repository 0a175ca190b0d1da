package org.concordia.infra.web;

/** Anything unknown, or hidden from the caller: both answer 404, so existence never leaks. */
public final class NotFound extends RuntimeException {
    public NotFound() {
        super("not found", null, false, false);
    }
}
