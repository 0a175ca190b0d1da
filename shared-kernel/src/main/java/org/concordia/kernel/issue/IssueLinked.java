package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record IssueLinked(String collaborationId, String issueId, String relatedIssueId, LinkRelation relation,
        ActorContext actor) implements IssueEvent {
}
