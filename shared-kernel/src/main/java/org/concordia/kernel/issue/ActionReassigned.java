package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** A CAPA action moved from {@code previousOwner} to {@code owner}, for {@code reason}. */
@Revision("1")
public record ActionReassigned(String collaborationId, String issueId, String actionId, String previousOwner, String owner, String reason, ActorContext actor) implements IssueEvent {
}
