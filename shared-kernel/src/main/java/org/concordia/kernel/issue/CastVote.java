package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Vote on the open proposal; only members of the current tier's body, one vote each. */
public record CastVote(@TargetAggregateIdentifier String issueId, String proposalId, VoteChoice vote, String comment, String actor) {

    public CastVote {
        Check.id("issueId", issueId);
        Check.id("proposalId", proposalId);
        Check.notNull("vote", vote);
        Check.optionalText("comment", comment, Check.TEXT_MAX);
        Check.id("actor", actor);
    }
}
