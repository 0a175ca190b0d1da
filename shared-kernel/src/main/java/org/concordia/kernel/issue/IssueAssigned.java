package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * {@code owner} now owns the issue. {@code reason}: why, on a reassignment (required then); null on a first
 * assignment without one, and on revision 1 (which had no reason).
 */
@Revision("2")
public record IssueAssigned(String collaborationId, String issueId, String owner, String reason,
        ActorContext actor) implements IssueEvent {
}
