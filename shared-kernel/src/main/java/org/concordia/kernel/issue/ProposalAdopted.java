package org.concordia.kernel.issue;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * The ballot closed and its rule adopted the proposal: the issue is RESOLVED with {@code decision} (rule, tally,
 * closure, every ballot). The actor closed the ballot: the last voter, the chair (then {@code closingSignature} is
 * the chair's signature, meaning BALLOT_CLOSED), or the system at the deadline. Revision 2: ballots carry their
 * voters' signatures. Revision 3: the decision carries its rule, tally and closure instead of a quorum; revision-2
 * events are upcast with the rule read from the quorum, the tally counted from the ballots and closure
 * APPROVALS_COUNTED.
 */
@Revision("3")
public record ProposalAdopted(String collaborationId, String issueId, String proposalId, Decision decision,
                              ElectronicSignature closingSignature, ActorContext actor) implements IssueEvent {

    public ProposalAdopted(String collaborationId, String issueId, String proposalId, Decision decision,
                           ActorContext actor) {
        this(collaborationId, issueId, proposalId, decision, null, actor);
    }
}
