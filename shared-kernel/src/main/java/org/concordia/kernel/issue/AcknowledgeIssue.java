package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** OPEN → ACKNOWLEDGED, by a member of the current tier's body. */
public record AcknowledgeIssue(@TargetAggregateIdentifier String issueId, String actor) {

    public AcknowledgeIssue {
        Check.id("issueId", issueId);
        Check.id("actor", actor);
    }
}
