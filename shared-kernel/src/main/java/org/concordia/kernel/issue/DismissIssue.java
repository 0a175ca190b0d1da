package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * Close an unresolved issue without a vote, as a DUPLICATE of {@code duplicateOf} (required then, and only then),
 * NOT_AN_ISSUE or NO_ACTION_NEEDED; by the chair of its tier, with a reason, signed (meaning CLOSED_WITHOUT_VOTE).
 */
public record DismissIssue(@TargetAggregateIdentifier String issueId, Dismissal dismissal, String duplicateOf,
                           String reason, String actor, ElectronicSignature signature) {

    public DismissIssue {
        Check.id("issueId", issueId);
        requireOriginalFits(issueId, dismissal, duplicateOf);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
        ElectronicSignature.requireSignedBy(actor, signature);
        requireMeaning(signature.meaning());
    }

    /** A DUPLICATE names its original (another issue); nothing else does. */
    public static void requireOriginalFits(String issueId, Dismissal dismissal, String duplicateOf) {
        Check.notNull("dismissal", dismissal);
        if (dismissal == Dismissal.DUPLICATE) {
            Check.id("duplicateOf", duplicateOf);
            if (duplicateOf.equals(issueId)) {
                throw new IllegalArgumentException("duplicateOf: an issue cannot duplicate itself");
            }
        } else if (duplicateOf != null) {
            throw new IllegalArgumentException("duplicateOf: only a DUPLICATE names the original");
        }
    }

    public static void requireMeaning(SignatureMeaning meaning) {
        if (meaning != SignatureMeaning.CLOSED_WITHOUT_VOTE) {
            throw new IllegalArgumentException("signature.meaning: must be CLOSED_WITHOUT_VOTE to close without a vote");
        }
    }
}
