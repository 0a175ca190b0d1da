package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Record (or, with a reason, replace) the root cause and the method that found it; by a member of the tier's
 * body or a coordinator. Required before CAPA actions are added.
 */
public record RecordRootCause(@TargetAggregateIdentifier String issueId, RootCauseMethod method, String statement, String reason, String actor) {

    public RecordRootCause {
        Check.id("issueId", issueId);
        Check.notNull("method", method);
        Check.text("statement", statement, Check.TEXT_MAX);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
