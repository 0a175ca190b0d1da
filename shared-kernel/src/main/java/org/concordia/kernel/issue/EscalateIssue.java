package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Escalate to the next tier of the current ladder (back to OPEN there); not past the top tier. */
public record EscalateIssue(@TargetAggregateIdentifier String issueId, String reason, String actor) {

    public EscalateIssue {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
