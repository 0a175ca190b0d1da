package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Correct the title, description, category or involved parties (null: unchanged; at least one must change), with a
 * reason; by the raiser, a member of the tier's body or a coordinator, while the issue is neither CLOSED nor
 * WITHDRAWN. Recusals are recomputed; votes already cast by members now recused are flagged, not deleted.
 */
public record CorrectIssueDetails(@TargetAggregateIdentifier String issueId, String title, String description,
                                  IssueCategory category, Set<String> involvedParties, String reason, String actor) {

    public CorrectIssueDetails {
        Check.id("issueId", issueId);
        if (title != null) {
            Check.text("title", title, Check.TITLE_MAX);
        }
        if (description != null) {
            Check.text("description", description, Check.TEXT_MAX);
        }
        if (involvedParties != null) {
            involvedParties = Set.copyOf(Check.noNulls("involvedParties", Check.notEmpty("involvedParties",
                                                                                         involvedParties)));
            involvedParties.forEach(p -> Check.id("involvedParties", p));
        }
        if (title == null && description == null && category == null && involvedParties == null) {
            throw new IllegalArgumentException("title: at least one of title, description, category, involvedParties "
                                               + "must be given");
        }
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
