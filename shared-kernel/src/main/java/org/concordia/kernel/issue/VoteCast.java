package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record VoteCast(String collaborationId, String issueId, String proposalId, VoteChoice vote, String comment,
        ActorContext actor) implements IssueEvent {
}
