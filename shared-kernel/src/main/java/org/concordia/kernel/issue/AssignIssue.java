package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Make {@code owner} (a member) the owner of the issue. {@code reason}: required when the issue already has an owner
 * (a reassignment); the first assignment may omit it (null).
 */
public record AssignIssue(@TargetAggregateIdentifier String issueId, String owner, String reason, String actor) {

    public AssignIssue {
        Check.id("issueId", issueId);
        Check.id("owner", owner);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
