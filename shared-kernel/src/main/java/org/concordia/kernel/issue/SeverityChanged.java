package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record SeverityChanged(String collaborationId, String issueId, Severity previous, Severity severity, String reason,
        ActorContext actor) implements IssueEvent {
}
