package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * The chair of the issue's tier approves or refuses the pending extension request of an action, with a reason.
 */
public record DecideDueDateExtension(@TargetAggregateIdentifier String issueId, String actionId, boolean approve, String reason, String actor) {

    public DecideDueDateExtension {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
