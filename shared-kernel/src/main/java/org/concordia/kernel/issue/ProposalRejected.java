package org.concordia.kernel.issue;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * Quorum can no longer be reached: the proposal is rejected and the issue back to ACKNOWLEDGED. Revision 2: each
 * ballot carries its voter's electronic signature (null on ballots cast before electronic signatures).
 */
@Revision("2")
public record ProposalRejected(String collaborationId, String issueId, String proposalId, int tier, List<Ballot> votes, String reason,
        ActorContext actor) implements IssueEvent {
}
