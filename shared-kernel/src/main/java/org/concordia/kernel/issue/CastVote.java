package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * Vote on the open proposal; only members of the current tier's body, one vote each. Every vote is signed by its
 * voter (21 CFR 11.50), with the meaning that matches the ballot: APPROVE → APPROVED, REJECT → REJECTED,
 * ABSTAIN → ABSTAINED.
 */
public record CastVote(@TargetAggregateIdentifier String issueId, String proposalId, VoteChoice vote, String comment,
                       String actor, ElectronicSignature signature) {

    public CastVote {
        Check.id("issueId", issueId);
        Check.id("proposalId", proposalId);
        Check.notNull("vote", vote);
        Check.optionalText("comment", comment, Check.TEXT_MAX);
        Check.id("actor", actor);
        ElectronicSignature.requireSignedBy(actor, signature);
        requireMeaningFits(vote, signature.meaning());
    }

    /** The one meaning a signature of this ballot can have. */
    public static SignatureMeaning meaningOf(VoteChoice vote) {
        // if/else, not an enum switch: that would compile to a synthetic non-record class in the contract
        Check.notNull("vote", vote);
        if (vote == VoteChoice.APPROVE) {
            return SignatureMeaning.APPROVED;
        }
        return vote == VoteChoice.REJECT ? SignatureMeaning.REJECTED : SignatureMeaning.ABSTAINED;
    }

    public static void requireMeaningFits(VoteChoice vote, SignatureMeaning meaning) {
        if (meaning != meaningOf(vote)) {
            throw new IllegalArgumentException(
                    "signature.meaning: must be " + meaningOf(vote) + " for the vote " + vote);
        }
    }
}
