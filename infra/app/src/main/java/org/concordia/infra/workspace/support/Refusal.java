package org.concordia.infra.workspace.support;

import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.List;
import java.util.Map;

/**
 * Why a form was not carried out, in words, for the control it came from: the {@code DomainRule} as a sentence
 * (from messages.properties), the rule's own detail, and the status the page answers with. Nothing was recorded.
 *
 * @param action which form was refused (the page shows the sentence next to that form and keeps what was typed)
 * @param rule   the rule's name (a {@code DomainRule}, or {@code VALIDATION}, {@code STALE_VERSION}, ...)
 * @param field  for an invalid input, the field it names; otherwise null
 */
public record Refusal(String action, String rule, String sentence, String detail, String field, HttpStatus status) {

    /**
     * The refusal for an exception a command raised, or null when it is not a refusal (a bug, which then goes to
     * the error page). Hidden or unknown targets are not refusals either: they stay "not found".
     */
    public static Refusal of(String action, RuntimeException failure, MessageSource messages) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof DomainRuleViolation)
               && !(cause instanceof ErrorResponseException) && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        if (cause instanceof DomainRuleViolation violation) {
            String rule = violation.rule().name();
            // as the API answers: 403 for a rule about who may act, 409 for one about the current state
            return new Refusal(action, rule, sentence(messages, "rule." + rule, rule), violation.detail(), null,
                               violation.rule().decidesWhoMayAct() ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT);
        }
        if (cause instanceof ConflictingAggregateVersionException) {
            return new Refusal(action, "STALE_VERSION", sentence(messages, "refusal.STALE_VERSION", null), null, null,
                               HttpStatus.PRECONDITION_FAILED);
        }
        if (cause instanceof ConcurrencyException) {
            return new Refusal(action, "CONCURRENT_MODIFICATION",
                               sentence(messages, "refusal.CONCURRENT_MODIFICATION", null), null, null,
                               HttpStatus.CONFLICT);
        }
        if (cause instanceof ErrorResponseException signature && signature.getBody().getType() != null) {
            String type = signature.getBody().getType().toString(); // urn:concordia:problem:<name>
            String name = type.substring(type.lastIndexOf(':') + 1);
            if (name.equals("validation") && signature.getBody().getDetail() != null) {
                return invalid(action, signature.getBody().getDetail()); // e.g. the password rules: "password: …"
            }
            String detail = name.endsWith("-locked") ? signature.getBody().getDetail() : null;
            return new Refusal(action, name, sentence(messages, "refusal." + name, signature.getBody().getDetail()),
                               detail, fieldOf(signature, "password"),
                               HttpStatus.valueOf(signature.getStatusCode().value()));
        }
        if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            return invalid(action, invalid.getMessage());
        }
        return null; // NotFound, AggregateNotFoundException and bugs are not refusals
    }

    /** The field the problem's first {@code errors} entry names, if any. */
    private static String fieldOf(ErrorResponseException problem, String otherwise) {
        Map<String, Object> properties = problem.getBody().getProperties();
        if (properties != null && properties.get("errors") instanceof List<?> errors && !errors.isEmpty()
            && errors.get(0) instanceof Map<?, ?> first && first.get("field") instanceof String field) {
            return field;
        }
        return otherwise;
    }

    /** "field: rule" (how records and validators word it) as a refusal naming the field. */
    public static Refusal invalid(String action, String message) {
        int colon = message.indexOf(':');
        String field = colon > 0 ? message.substring(0, colon).trim() : null;
        String rule = colon > 0 ? message.substring(colon + 1).trim() : message;
        String sentence = field == null ? capitalise(rule) : capitalise(label(field)) + ": " + rule;
        sentence = sentence.endsWith(".") ? sentence : sentence + ".";
        return new Refusal(action, "VALIDATION", sentence, null, field, HttpStatus.BAD_REQUEST);
    }

    private static String label(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        return last.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String sentence(MessageSource messages, String key, String fallback) {
        return messages.getMessage(key, null, fallback == null ? key : fallback, LocaleContextHolder.getLocale());
    }
}
