package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Give a CAPA action to another member, with a reason; by a member of the tier's body or a coordinator.
 */
public record ReassignAction(@TargetAggregateIdentifier String issueId, String actionId, String owner, String reason, String actor) {

    public ReassignAction {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.id("owner", owner);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
