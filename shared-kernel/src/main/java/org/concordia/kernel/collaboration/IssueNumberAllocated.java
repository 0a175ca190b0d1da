package org.concordia.kernel.collaboration;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The collaboration handed out number {@code number} (key {@code issueKey}) to a newly raised issue. */
@Revision("1")
public record IssueNumberAllocated(String collaborationId, String issueId, long number, String issueKey,
                                   ActorContext actor) implements CollaborationEvent {
}
