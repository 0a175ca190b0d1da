package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Review the open ballot on {@code proposalId} after a member of its body was removed from the collaboration or
 * changed (party, roles): the Issue closes it if that decided it — every member still eligible has voted, or its
 * quorum can no longer be reached — and otherwise leaves it open. Sent by the application, not by a person.
 */
public record ReviewBallot(@TargetAggregateIdentifier String issueId, String proposalId) {

    public ReviewBallot {
        Check.id("issueId", issueId);
        Check.id("proposalId", proposalId);
    }
}
