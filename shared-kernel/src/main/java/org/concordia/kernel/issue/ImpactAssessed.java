package org.concordia.kernel.issue;


import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The impact and risk of the issue, assessed before actions are agreed; {@code reason} as for the root cause. */
@Revision("1")
public record ImpactAssessed(String collaborationId, String issueId, String impact, RiskLevel risk, String reason, ActorContext actor) implements IssueEvent {
}
