package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record ResolutionProposed(String collaborationId, String issueId, String proposalId, String summary, String text, int tier,
        ActorContext actor) implements IssueEvent {
}
