package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueReopened(String collaborationId, String issueId, String reason, int tier,
        ActorContext actor) implements IssueEvent {
}
