package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** A CAPA action's due date corrected from {@code previousDueOn} to {@code dueOn}, for {@code reason}. */
@Revision("1")
public record ActionRedated(String collaborationId, String issueId, String actionId, LocalDate previousDueOn, LocalDate dueOn, String reason, ActorContext actor) implements IssueEvent {
}
