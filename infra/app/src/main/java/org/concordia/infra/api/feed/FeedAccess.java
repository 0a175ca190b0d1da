package org.concordia.infra.api.feed;

import org.concordia.infra.integration.feed.MongoEventFeed;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which feed entries a caller may read: administrators all of them, anyone else the entries of the collaborations
 * they are an active member of now (including what happened there before they joined). An integration account is a
 * user added as a member (e.g. OBSERVER) of the collaborations it may read.
 */
final class FeedAccess {

    private FeedAccess() {
    }

    static boolean isAdministrator(Authentication caller) {
        return caller.getAuthorities().stream()
                     .anyMatch(a -> a.getAuthority().equals("ROLE_" + UserAccounts.ADMIN_ROLE));
    }

    static Predicate<String> visibleTo(Authentication caller, MongoEventFeed feed) {
        if (isAdministrator(caller)) {
            return collaborationId -> true;
        }
        Set<String> collaborations = feed.collaborationsOf(caller.getName());
        return collaborationId -> collaborationId != null && collaborations.contains(collaborationId);
    }

    /** "after: must be …" problems name the parameter, as the API's validation does. */
    static long position(String name, String value) {
        try {
            long position = Long.parseLong(value.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // falls through to the problem below
        }
        throw new InvalidParameter(name, "must be a feed position, a whole number >= 0");
    }

    /** A bad query parameter or header, answered as the API's validation problems are (naming it). */
    static final class InvalidParameter extends IllegalArgumentException {
        final String parameter;
        final String rule;

        InvalidParameter(String parameter, String rule) {
            super(parameter + ": " + rule);
            this.parameter = parameter;
            this.rule = rule;
        }

        ProblemDetail problem() {
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                                                             getMessage());
            problem.setProperty("errors", List.of(Map.of("field", parameter, "message", rule)));
            return problem;
        }
    }
}
