package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** An SLA of the top tier was breached; there is no higher tier to escalate to. Actor is the system. */
@Revision("1")
public record SlaBreached(String collaborationId, String issueId, int tier, SlaPhase phase, String reason,
        ActorContext actor) implements IssueEvent {
}
