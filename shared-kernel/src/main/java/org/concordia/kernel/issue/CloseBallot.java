package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * The chair of the ballot's body closes it before every eligible member has voted, with a reason, signed (meaning
 * BALLOT_CLOSED); the rule decides on the ballots cast so far.
 */
public record CloseBallot(@TargetAggregateIdentifier String issueId, String proposalId, String reason, String actor,
                          ElectronicSignature signature) {

    public CloseBallot {
        Check.id("issueId", issueId);
        Check.id("proposalId", proposalId);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
        ElectronicSignature.requireSignedBy(actor, signature);
        requireMeaning(signature.meaning());
    }

    public static void requireMeaning(SignatureMeaning meaning) {
        if (meaning != SignatureMeaning.BALLOT_CLOSED) {
            throw new IllegalArgumentException("signature.meaning: must be BALLOT_CLOSED to close a ballot");
        }
    }
}
