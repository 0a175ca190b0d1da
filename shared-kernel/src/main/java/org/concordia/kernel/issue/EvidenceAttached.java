package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record EvidenceAttached(String collaborationId, String issueId, String evidenceId, String title, String uri, String sha256,
        ActorContext actor) implements IssueEvent {
}
