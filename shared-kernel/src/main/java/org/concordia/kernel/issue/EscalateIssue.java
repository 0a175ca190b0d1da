package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Escalate, with a reason, to the next tier of the current ladder, or to {@code toTier} (null: the next) to skip
 * tiers; back to OPEN there; not past the top tier.
 */
public record EscalateIssue(@TargetAggregateIdentifier String issueId, String reason, Integer toTier, String actor) {

    public EscalateIssue {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        if (toTier != null) {
            Check.atLeast("toTier", toTier, 2);
        }
        Check.id("actor", actor);
    }

    public EscalateIssue(String issueId, String reason, String actor) {
        this(issueId, reason, null, actor);
    }
}
