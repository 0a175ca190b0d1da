package org.concordia.infra.account;

import org.concordia.infra.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** 400: a password breaks the password rules; each error names the field, the rule and what to do. */
final class PasswordRefused extends ErrorResponseException {

    PasswordRefused(String field, List<PasswordPolicy.Violation> violations) {
        super(HttpStatus.BAD_REQUEST, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                violations.stream().map(v -> field + ": " + v.message()).collect(Collectors.joining("; "))), null);
        getBody().setProperty("errors", violations.stream()
                .map(v -> Map.of("field", field, "message", v.message(), "rule", v.rule())).toList());
    }

    static PasswordRefused of(String field, String rule, String message) {
        return new PasswordRefused(field, List.of(new PasswordPolicy.Violation(rule, message)));
    }
}
