package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** RESOLVED → OPEN at the same tier, with a reason. A CLOSED issue is not reopened: a recurrence is raised anew ({@code RaiseIssue.recurrenceOf}). */
public record ReopenIssue(@TargetAggregateIdentifier String issueId, String reason, String actor) {

    public ReopenIssue {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
