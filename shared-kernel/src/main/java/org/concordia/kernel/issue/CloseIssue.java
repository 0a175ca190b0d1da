package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** RESOLVED → CLOSED once every action is completed; by a tier member or a coordinator. */
public record CloseIssue(@TargetAggregateIdentifier String issueId, String note, String actor) {

    public CloseIssue {
        Check.id("issueId", issueId);
        Check.optionalText("note", note, Check.TEXT_MAX);
        Check.id("actor", actor);
    }
}
