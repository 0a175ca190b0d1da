package org.concordia.kernel.issue;

import org.concordia.kernel.shared.Check;

/** Who voted how, and for which party. */
public record Ballot(String username, String partyId, VoteChoice vote) {

    public Ballot {
        Check.id("username", username);
        Check.notNull("vote", vote);
    }
}
