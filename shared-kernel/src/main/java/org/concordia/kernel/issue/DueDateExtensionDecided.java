package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The tier's chair decided a due-date extension: {@code approved} moves the due date from {@code previousDueOn} to {@code requestedDueOn}. */
@Revision("1")
public record DueDateExtensionDecided(String collaborationId, String issueId, String actionId, boolean approved, LocalDate previousDueOn, LocalDate requestedDueOn, String reason, ActorContext actor) implements IssueEvent {
}
