package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Record (or, with a reason, replace) the impact and risk assessment; by a member of the tier's body or a
 * coordinator. Required before CAPA actions are added.
 */
public record AssessImpact(@TargetAggregateIdentifier String issueId, String impact, RiskLevel risk, String reason, String actor) {

    public AssessImpact {
        Check.id("issueId", issueId);
        Check.text("impact", impact, Check.TEXT_MAX);
        Check.notNull("risk", risk);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
