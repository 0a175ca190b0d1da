package org.concordia.kernel.issue;

import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * Who voted how, for which party, and the voter's electronic signature of that vote. {@code signature} is null only
 * on ballots recorded before electronic signatures (see the revision-2 upcasters of the events that carry ballots).
 */
public record Ballot(String username, String partyId, VoteChoice vote, ElectronicSignature signature) {

    public Ballot {
        Check.id("username", username);
        Check.notNull("vote", vote);
    }
}
