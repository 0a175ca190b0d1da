package org.concordia.infra.api;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.concordia.infra.web.NotFound;
import org.concordia.infra.web.ProblemResponses;
import org.concordia.kernel.shared.DomainRule;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error leaves as {@code application/problem+json}: validation failures name the field and the rule, a refused
 * domain rule answers 403 (who may act) or 409 (current state) with the rule's name, and nothing internal (stack
 * traces, class names) is shown.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    record FieldError(String field, String message) {
    }

    /**
     * 403 when the rule is about who may act (a member whose roles or relation to the matter do not allow it), 409
     * when it is a rule of the current state; either way naming the rule. Not being a member at all is a 404, as
     * for anything else inside a collaboration the caller does not belong to.
     */
    @ExceptionHandler(DomainRuleViolation.class)
    ProblemDetail ruleViolated(DomainRuleViolation violation) {
        if (violation.rule() == DomainRule.NOT_A_MEMBER) {
            return notFound(new NotFound());
        }
        HttpStatus status = violation.rule().decidesWhoMayAct() ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT;
        ProblemDetail problem = ProblemResponses.problem(status, violation.rule().name(),
                                                         violation.rule().name(), violation.detail());
        problem.setProperty("rule", violation.rule().name());
        return problem;
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameters(ConstraintViolationException e) {
        return validation(e.getConstraintViolations().stream()
                           .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                           .sorted(java.util.Comparator.comparing(FieldError::field))
                           .toList());
    }

    /** "one.arg0.size" → "size": the parameter, as the client named it. */
    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return validation(List.of(fieldError(e.getMessage())));
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, "ALREADY_EXISTS", "ALREADY_EXISTS",
                                                         "Another request created it first.");
        problem.setProperty("rule", "ALREADY_EXISTS");
        return problem;
    }

    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail staleVersion(ConflictingAggregateVersionException e) {
        return ProblemResponses.problem(HttpStatus.PRECONDITION_FAILED, "stale-version", "Stale version",
                                        "If-Match names version " + e.getExpectedVersion()
                                        + ", but it is now at " + e.getActualVersion() + ". Nothing was recorded.");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentChange(ConcurrencyException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, "CONCURRENT_MODIFICATION",
                                                         "CONCURRENT_MODIFICATION",
                                                         "Someone else changed it at the same moment; try again.");
        problem.setProperty("rule", "CONCURRENT_MODIFICATION");
        return problem;
    }

    @ExceptionHandler({AggregateNotFoundException.class, NotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
                                        "No such resource, or it is not visible to you.");
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ProblemDetail forbidden(org.springframework.security.access.AccessDeniedException e) {
        return ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                                        "The request could not be completed. Nothing was recorded.");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                                   .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                                   .toList();
        return ResponseEntity.badRequest().body(validation(errors));
    }

    /** A query parameter or path variable that does not convert: named, with the rule when the converter gave one. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                                                                                 : e.getPropertyName();
        Class<?> type = e.getRequiredType();
        String rule = type == java.time.Instant.class ? InstantParameters.RULE
                : type != null && type.isEnum() ? "must be one of " + Arrays.toString(type.getEnumConstants())
                : "has the wrong type";
        return ResponseEntity.badRequest().body(validation(List.of(new FieldError(field, rule))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        FieldError error;
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            error = new FieldError(path(unknown), "unknown field; allowed: " + unknown.getKnownPropertyIds());
        } else if (e.getCause() instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()) {
            error = new FieldError(path(invalid), "must be one of " + Arrays.toString(
                    invalid.getTargetType().getEnumConstants()));
        } else if (e.getCause() instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            error = new FieldError(path(mismatched), "has the wrong type");
        } else {
            error = new FieldError("body", "is not valid JSON of the expected shape");
        }
        return ResponseEntity.badRequest().body(validation(List.of(error)));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType().toString().equals("about:blank")) {
            problem.setType(ProblemResponses.type(HttpStatus.valueOf(status.value()).name().toLowerCase()));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    static ProblemDetail validation(List<FieldError> errors) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Record constructors report "field: rule"; split it so clients get the field apart. */
    private static FieldError fieldError(String message) {
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[A-Za-z][A-Za-z0-9.\\[\\]]*")) {
                return new FieldError(message.substring(0, colon), message.substring(colon + 1).trim());
            }
        }
        return new FieldError("body", message == null ? "is invalid" : message);
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

}
