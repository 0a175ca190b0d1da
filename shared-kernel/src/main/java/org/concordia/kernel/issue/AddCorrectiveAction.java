package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Add a CAPA action; by a tier member or a coordinator; the owner must be a member. */
public record AddCorrectiveAction(@TargetAggregateIdentifier String issueId, String actionId, ActionKind kind, String description, String owner, LocalDate dueOn, String actor) {

    public AddCorrectiveAction {
        Check.id("issueId", issueId);
        Check.id("actionId", actionId);
        Check.notNull("kind", kind);
        Check.text("description", description, Check.TEXT_MAX);
        Check.id("owner", owner);
        Check.calendarDate("dueOn", dueOn);
        Check.id("actor", actor);
    }
}
