package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Propose a resolution; one open proposal at a time; ACKNOWLEDGED → RESOLUTION_PROPOSED. */
public record ProposeResolution(@TargetAggregateIdentifier String issueId, String proposalId, String summary, String text, String actor) {

    public ProposeResolution {
        Check.id("issueId", issueId);
        Check.id("proposalId", proposalId);
        Check.text("summary", summary, Check.TITLE_MAX);
        Check.text("text", text, Check.TEXT_MAX);
        Check.id("actor", actor);
    }
}
