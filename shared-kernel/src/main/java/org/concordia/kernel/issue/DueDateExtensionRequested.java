package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The owner of a CAPA action asked to move its due date from {@code currentDueOn} to {@code requestedDueOn}, for {@code reason}; the tier's chair decides. */
@Revision("1")
public record DueDateExtensionRequested(String collaborationId, String issueId, String actionId, LocalDate currentDueOn, LocalDate requestedDueOn, String reason, ActorContext actor) implements IssueEvent {
}
