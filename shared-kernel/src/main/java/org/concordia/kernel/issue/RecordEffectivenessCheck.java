package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * Record the planned effectiveness check once every action is completed; signed by someone who owns none of the
 * actions and did not propose the adopted resolution (segregation of duties), with the meaning that fits the finding:
 * EFFECTIVENESS_VERIFIED or EFFECTIVENESS_NOT_VERIFIED.
 */
public record RecordEffectivenessCheck(@TargetAggregateIdentifier String issueId, boolean effective, String findings,
                                       String actor, ElectronicSignature signature) {

    public RecordEffectivenessCheck {
        Check.id("issueId", issueId);
        Check.text("findings", findings, Check.TEXT_MAX);
        Check.id("actor", actor);
        ElectronicSignature.requireSignedBy(actor, signature);
        requireMeaningFits(effective, signature.meaning());
    }

    public static SignatureMeaning meaningOf(boolean effective) {
        return effective ? SignatureMeaning.EFFECTIVENESS_VERIFIED : SignatureMeaning.EFFECTIVENESS_NOT_VERIFIED;
    }

    public static void requireMeaningFits(boolean effective, SignatureMeaning meaning) {
        if (meaning != meaningOf(effective)) {
            throw new IllegalArgumentException("signature.meaning: must be " + meaningOf(effective)
                                               + " for a check that found the actions "
                                               + (effective ? "effective" : "not effective"));
        }
    }
}
