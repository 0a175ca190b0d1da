package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Change the severity; a reason is required. */
public record ChangeSeverity(@TargetAggregateIdentifier String issueId, Severity severity, String reason, String actor) {

    public ChangeSeverity {
        Check.id("issueId", issueId);
        Check.notNull("severity", severity);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
