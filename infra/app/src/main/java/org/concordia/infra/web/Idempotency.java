package org.concordia.infra.web;

import jakarta.servlet.http.HttpServletRequest;

/** What a handler may tell the {@code Idempotency-Key} store about its response. */
public final class Idempotency {

    static final String WITHHOLD_BODY = Idempotency.class.getName() + ".withholdBody";

    private Idempotency() {
    }

    /**
     * The response carries something shown only once (a secret): it is not kept for replay; a repetition of the
     * request is answered 409 with the resource's {@code Location} instead.
     */
    public static void doNotKeepResponse(HttpServletRequest request) {
        request.setAttribute(WITHHOLD_BODY, Boolean.TRUE);
    }
}
