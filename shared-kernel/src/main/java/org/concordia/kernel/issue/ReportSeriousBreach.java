package org.concordia.kernel.issue;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Record that the flagged serious breach was notified, under a reference (e.g. the CTIS notification number).
 */
public record ReportSeriousBreach(@TargetAggregateIdentifier String issueId, String reference, String note, String actor) {

    public ReportSeriousBreach {
        Check.id("issueId", issueId);
        Check.text("reference", reference, Check.NAME_MAX);
        Check.optionalText("note", note, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
