package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Make {@code owner} (a member) the owner of the issue. */
public record AssignIssue(@TargetAggregateIdentifier String issueId, String owner, String actor) {

    public AssignIssue {
        Check.id("issueId", issueId);
        Check.id("owner", owner);
        Check.id("actor", actor);
    }
}
