package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Plan (or, with a reason, re-plan) the effectiveness check: its criteria and due date; by a member of the
 * tier's body or a coordinator.
 */
public record PlanEffectivenessCheck(@TargetAggregateIdentifier String issueId, String criteria, LocalDate dueOn, String reason, String actor) {

    public PlanEffectivenessCheck {
        Check.id("issueId", issueId);
        Check.text("criteria", criteria, Check.TEXT_MAX);
        Check.notNull("dueOn", dueOn);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
