package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Correct a CAPA action's due date, with a reason; by a member of the tier's body or a coordinator.
 */
public record RedateAction(@TargetAggregateIdentifier String issueId, String actionId, LocalDate dueOn, String reason, String actor) {

    public RedateAction {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.notNull("dueOn", dueOn);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
