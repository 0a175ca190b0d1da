package org.concordia.kernel.issue;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.collaboration.DecisionRule;
import org.concordia.kernel.shared.ActorContext;

/**
 * An escalation lapsed the open proposal before its ballot decided: it stays in the decision register with its
 * signed ballots and the tally so far. Recorded just before the {@link IssueEscalated} that caused it (same actor).
 */
@Revision("1")
public record ProposalSuperseded(String collaborationId, String issueId, String proposalId, int tier,
                                 DecisionRule rule, Tally tally, List<Ballot> votes, String reason,
                                 ActorContext actor) implements IssueEvent {

    public ProposalSuperseded {
        votes = List.copyOf(votes);
    }
}
