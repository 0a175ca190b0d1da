package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;
import org.concordia.kernel.shared.ElectronicSignature;
import org.concordia.kernel.shared.SignatureMeaning;

/**
 * RESOLVED → CLOSED once every action is completed or cancelled; by a tier member or a coordinator who is not recused,
 * who signs the closing (21 CFR 11.50) as {@code REVIEWED}, or as {@code CLOSED_AS_EFFECTIVE} — which needs at least
 * one action and an independent effectiveness check that found them effective after the last of them.
 */
public record CloseIssue(@TargetAggregateIdentifier String issueId, String note, String actor,
                         ElectronicSignature signature) {

    /** The meanings a signature of a closing may have. */
    public static final Set<SignatureMeaning> CLOSING_MEANINGS =
            Set.of(SignatureMeaning.CLOSED_AS_EFFECTIVE, SignatureMeaning.REVIEWED);

    public CloseIssue {
        Check.id("issueId", issueId);
        Check.optionalText("note", note, Check.TEXT_MAX);
        Check.id("actor", actor);
        ElectronicSignature.requireSignedBy(actor, signature);
        requireClosingMeaning(signature.meaning());
    }

    public static void requireClosingMeaning(SignatureMeaning meaning) {
        if (!CLOSING_MEANINGS.contains(meaning)) {
            throw new IllegalArgumentException("signature.meaning: must be CLOSED_AS_EFFECTIVE or REVIEWED to close");
        }
    }
}
