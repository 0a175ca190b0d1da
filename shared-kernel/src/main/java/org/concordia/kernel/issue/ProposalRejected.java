package org.concordia.kernel.issue;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.shared.ActorContext;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * The ballot closed without adopting the proposal ({@code outcome} REJECTED or NO_QUORUM): the issue is back to
 * ACKNOWLEDGED. Carries the rule, the tally, why it closed and every ballot; {@code closingSignature} as in
 * {@link ProposalAdopted}. Revision 2: ballots carry signatures. Revision 3: outcome, rule, tally and closure;
 * revision-2 events are upcast as REJECTED, rule read from the tier's quorum when known (else null), tally counted
 * from the ballots, closure APPROVALS_COUNTED.
 */
@Revision("3")
public record ProposalRejected(String collaborationId, String issueId, String proposalId, int tier,
                               BallotOutcome outcome, DecisionRule rule, Tally tally, BallotClosure closure,
                               List<Ballot> votes, String reason, ElectronicSignature closingSignature,
                               ActorContext actor) implements IssueEvent {

    public ProposalRejected {
        votes = List.copyOf(votes);
    }

    /** A rejection as recorded before decision rules (approvals could no longer reach the quorum). */
    public ProposalRejected(String collaborationId, String issueId, String proposalId, int tier, List<Ballot> votes,
                            String reason, ActorContext actor) {
        this(collaborationId, issueId, proposalId, tier, BallotOutcome.REJECTED, null, Tally.ofLegacy(votes),
             BallotClosure.APPROVALS_COUNTED, votes, reason, null, actor);
    }
}
