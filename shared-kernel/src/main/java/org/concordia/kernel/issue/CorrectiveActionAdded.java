package org.concordia.kernel.issue;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record CorrectiveActionAdded(String collaborationId, String issueId, String actionId, ActionKind kind, String description, String owner, LocalDate dueOn,
        ActorContext actor) implements IssueEvent {
}
