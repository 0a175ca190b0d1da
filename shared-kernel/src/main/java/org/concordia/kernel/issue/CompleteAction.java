package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Complete a CAPA action; by its owner. */
public record CompleteAction(@TargetAggregateIdentifier String issueId, String actionId, String note, String actor) {

    public CompleteAction {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.optionalText("note", note, Check.TEXT_MAX);
        Check.id("actor", actor);
    }
}
