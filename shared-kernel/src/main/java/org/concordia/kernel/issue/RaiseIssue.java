package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Raise an issue or a conflict. Handled by the Collaboration (membership, parties, numbering, entry tier), which
 * creates the Issue aggregate {@code issueId} in the same unit of work. {@code restrictedToTiers} (names of ladder
 * tiers; empty: not restricted) limits who may see it to those bodies, auditors, the raiser and the body it sits at;
 * it then starts no lower than the lowest of them. {@code recurrenceOf}: the closed issue this one is a recurrence of.
 */
public record RaiseIssue(@TargetAggregateIdentifier String collaborationId, String issueId, IssueType type,
                         String title, String description, IssueCategory category, Severity severity,
                         Set<String> involvedParties, Set<String> restrictedToTiers, String recurrenceOf,
                         String actor) {

    public RaiseIssue {
        Check.id("collaborationId", collaborationId);
        Check.id("issueId", issueId);
        Check.notNull("type", type);
        Check.text("title", title, Check.TITLE_MAX);
        Check.text("description", description, Check.TEXT_MAX);
        Check.notNull("category", category);
        Check.notNull("severity", severity);
        involvedParties = Set.copyOf(Check.noNulls("involvedParties", Check.notNull("involvedParties", involvedParties)));
        restrictedToTiers = restrictedToTiers == null ? Set.of()
                : Set.copyOf(Check.noNulls("restrictedToTiers", restrictedToTiers));
        restrictedToTiers.forEach(t -> Check.text("restrictedToTiers", t, Check.NAME_MAX));
        if (recurrenceOf != null) {
            Check.id("recurrenceOf", recurrenceOf);
            if (recurrenceOf.equals(issueId)) {
                throw new IllegalArgumentException("recurrenceOf: an issue cannot recur of itself");
            }
        }
        Check.id("actor", actor);
    }

    public RaiseIssue(String collaborationId, String issueId, IssueType type, String title, String description,
                      IssueCategory category, Severity severity, Set<String> involvedParties, String actor) {
        this(collaborationId, issueId, type, title, description, category, severity, involvedParties, Set.of(), null,
             actor);
    }
}
