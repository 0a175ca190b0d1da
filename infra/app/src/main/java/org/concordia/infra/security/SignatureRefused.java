package org.concordia.infra.security;

import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An electronic signature could not be made, so nothing was recorded. A Spring {@link ErrorResponseException}: the
 * API's exception handler answers it as the problem document and headers it carries.
 */
public final class SignatureRefused extends ErrorResponseException {

    private SignatureRefused(HttpStatus status, String name, String title, String detail) {
        super(status, ProblemResponses.problem(status, name, title, detail), null);
    }

    /** 403: the caller is authenticated, but the password re-entered to sign is not theirs. */
    static SignatureRefused wrongPassword() {
        String detail = "the password does not match; nothing was signed or recorded";
        SignatureRefused refused = new SignatureRefused(HttpStatus.FORBIDDEN, "signature-rejected",
                                                        "Signature rejected", detail);
        refused.getBody().setProperty("errors", List.of(Map.of("field", "signature.password", "message", detail)));
        return refused;
    }

    /**
     * 401 with an RFC 9470 step-up challenge: the bearer token's login is older than {@code maxAge}; log in again at
     * the identity provider (e.g. with {@code max_age}) and retry with the new token.
     */
    static SignatureRefused loginTooOld(Duration maxAge) {
        SignatureRefused refused = new SignatureRefused(HttpStatus.UNAUTHORIZED, "reauthentication-required",
                "Re-authentication required",
                "signing needs a login at the identity provider within the last " + maxAge.toSeconds()
                + " seconds; nothing was signed or recorded");
        refused.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_user_authentication\", error_description=\"A more recent "
                + "authentication is required to sign\", max_age=\"" + maxAge.toSeconds() + "\"");
        return refused;
    }

    /** 429: too many wrong signature passwords lately; signing is refused until the allowance refills. */
    static SignatureRefused lockedOut(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        SignatureRefused refused = new SignatureRefused(HttpStatus.TOO_MANY_REQUESTS, "signature-locked",
                "Signing locked", "too many wrong signature passwords; try again in " + seconds + " s");
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return refused;
    }
}
