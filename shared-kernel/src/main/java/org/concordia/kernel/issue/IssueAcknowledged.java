package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueAcknowledged(String collaborationId, String issueId, int tier,
        ActorContext actor) implements IssueEvent {
}
