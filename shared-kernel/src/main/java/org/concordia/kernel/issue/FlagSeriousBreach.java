package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Flag the issue as a serious breach (EU CTR Art. 52), with a reason; starts its 7-day notification clock. By
 * a member of the tier's body or a coordinator.
 */
public record FlagSeriousBreach(@TargetAggregateIdentifier String issueId, String reason, String actor) {

    public FlagSeriousBreach {
        Check.id("issueId", issueId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
