package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * The owner of an open CAPA action asks for a later due date, with a reason; one request pending at a time.
 */
public record RequestDueDateExtension(@TargetAggregateIdentifier String issueId, String actionId, LocalDate dueOn, String reason, String actor) {

    public RequestDueDateExtension {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.notNull("dueOn", dueOn);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
