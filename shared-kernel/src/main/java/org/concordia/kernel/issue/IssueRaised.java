package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The issue was raised by {@code actor} (the raiser) and sits OPEN at {@code tier}. */
@Revision("1")
public record IssueRaised(String collaborationId, String issueId, String issueKey, long number, IssueType type, String title, String description, IssueCategory category, Severity severity, Set<String> involvedParties, TierSnapshot tier,
        ActorContext actor) implements IssueEvent {
}
