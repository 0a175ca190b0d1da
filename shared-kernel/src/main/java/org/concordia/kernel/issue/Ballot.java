package org.concordia.kernel.issue;

import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;

/**
 * Who voted how, for which party, and the voter's electronic signature of that vote. {@code signature} is null only
 * on ballots recorded before electronic signatures (see the revision-2 upcasters of the events that carry ballots).
 * {@code flag} is null for a counted ballot; otherwise it says why the ballot is kept but not counted (its voter was
 * recused after voting).
 */
public record Ballot(String username, String partyId, VoteChoice vote, ElectronicSignature signature, String flag) {

    public Ballot {
        Check.id("username", username);
        Check.notNull("vote", vote);
    }

    public Ballot(String username, String partyId, VoteChoice vote, ElectronicSignature signature) {
        this(username, partyId, vote, signature, null);
    }

    public boolean counted() {
        return flag == null;
    }

    public Ballot flagged(String why) {
        return new Ballot(username, partyId, vote, signature, why);
    }
}
