package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Cancel an open CAPA action, with a reason; by a member of the tier's body or a coordinator.
 */
public record CancelAction(@TargetAggregateIdentifier String issueId, String actionId, String reason, String actor) {

    public CancelAction {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
