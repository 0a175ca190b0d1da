package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** The issue moved from {@code fromTier} to {@code to} and is OPEN there. For an SLA breach, {@code cause} is SLA_BREACH, {@code slaPhase} says which SLA and the actor is {@link ActorContext#SYSTEM}. An open proposal, if any, lapses ({@code supersededProposalId}; since revision 2 recorded with its votes by a {@link ProposalSuperseded} just before). {@code to} may skip tiers (a manual escalation with a reason). Revision 2: the tier states its chair and decision rule (revision 1 upcast like the ladder's tiers). */
@Revision("2")
public record IssueEscalated(String collaborationId, String issueId, int fromTier, TierSnapshot to, EscalationCause cause, SlaPhase slaPhase, String reason, String supersededProposalId,
        ActorContext actor) implements IssueEvent {
}
