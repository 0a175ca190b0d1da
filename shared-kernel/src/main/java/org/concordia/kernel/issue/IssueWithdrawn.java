package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueWithdrawn(String collaborationId, String issueId, String reason,
        ActorContext actor) implements IssueEvent {
}
