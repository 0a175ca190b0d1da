package org.concordia.infra.account;

import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A password change whose current password was not re-entered correctly: nothing changed, nothing recorded. */
final class CurrentPasswordRefused extends ErrorResponseException {

    private CurrentPasswordRefused(HttpStatus status, String name, String title, String detail) {
        super(status, ProblemResponses.problem(status, name, title, detail), null);
    }

    /** 403: authenticated, but the current password re-entered is not theirs. */
    static CurrentPasswordRefused wrong() {
        String detail = "does not match your current password; nothing was changed";
        CurrentPasswordRefused refused = new CurrentPasswordRefused(HttpStatus.FORBIDDEN, "current-password-wrong",
                "Current password wrong", "currentPassword: " + detail);
        refused.getBody().setProperty("errors", List.of(Map.of("field", "currentPassword", "message", detail)));
        return refused;
    }

    /** 429: too many wrong current passwords lately. */
    static CurrentPasswordRefused locked(Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        CurrentPasswordRefused refused = new CurrentPasswordRefused(HttpStatus.TOO_MANY_REQUESTS,
                "password-change-locked", "Password change locked",
                "too many wrong current passwords; try again in " + seconds + " s");
        refused.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return refused;
    }
}
