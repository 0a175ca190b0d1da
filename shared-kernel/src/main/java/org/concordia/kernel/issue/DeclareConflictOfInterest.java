package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Declare one's own conflict of interest on an issue, with a reason; any writing member, once. Recused from then on:
 * no proposing, voting or closing on it.
 */
public record DeclareConflictOfInterest(@TargetAggregateIdentifier String issueId, String reason, String actor) {

    public DeclareConflictOfInterest {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
