package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueClosed(String collaborationId, String issueId, String note,
        ActorContext actor) implements IssueEvent {
}
