package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The issue is a serious breach (EU CTR Art. 52): the sponsor must notify within 7 days of this event's time. */
@Revision("1")
public record SeriousBreachFlagged(String collaborationId, String issueId, String reason, ActorContext actor) implements IssueEvent {
}
