package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record CommentAdded(String collaborationId, String issueId, String commentId, String text,
        ActorContext actor) implements IssueEvent {
}
