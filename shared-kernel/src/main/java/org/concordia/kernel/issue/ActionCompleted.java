package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record ActionCompleted(String collaborationId, String issueId, String actionId, String note,
        ActorContext actor) implements IssueEvent {
}
