package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The issue moved from {@code fromTier} to {@code to} and is OPEN there. For an SLA breach, {@code cause} is SLA_BREACH, {@code slaPhase} says which SLA and the actor is {@link ActorContext#SYSTEM}. An open proposal, if any, lapses ({@code supersededProposalId}). */
@Revision("1")
public record IssueEscalated(String collaborationId, String issueId, int fromTier, TierSnapshot to, EscalationCause cause, SlaPhase slaPhase, String reason, String supersededProposalId,
        ActorContext actor) implements IssueEvent {
}
