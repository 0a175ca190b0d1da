package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Withdraw the issue, with a reason; by the raiser or a coordinator, before it is RESOLVED. */
public record WithdrawIssue(@TargetAggregateIdentifier String issueId, String reason, String actor) {

    public WithdrawIssue {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
