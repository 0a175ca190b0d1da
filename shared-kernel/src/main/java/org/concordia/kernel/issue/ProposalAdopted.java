package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * The quorum of APPROVE was reached: the issue is RESOLVED with {@code decision}. The actor cast the deciding vote.
 * Revision 2: each of the decision's ballots carries its voter's electronic signature (null on ballots cast before
 * electronic signatures).
 */
@Revision("2")
public record ProposalAdopted(String collaborationId, String issueId, String proposalId, Decision decision,
        ActorContext actor) implements IssueEvent {
}
