package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** A CAPA action was cancelled, for {@code reason}; it stays in the record and no longer holds the issue open. */
@Revision("1")
public record ActionCancelled(String collaborationId, String issueId, String actionId, String reason, ActorContext actor) implements IssueEvent {
}
