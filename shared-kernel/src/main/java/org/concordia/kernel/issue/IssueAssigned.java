package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueAssigned(String collaborationId, String issueId, String owner,
        ActorContext actor) implements IssueEvent {
}
