package org.concordia.kernel.issue;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Raise an issue or a conflict. Handled by the Collaboration (membership, parties, numbering), which
 * creates the Issue aggregate {@code issueId} in the same unit of work.
 */
public record RaiseIssue(@TargetAggregateIdentifier String collaborationId, String issueId, IssueType type,
                         String title, String description, IssueCategory category, Severity severity,
                         Set<String> involvedParties, String actor) {

    public RaiseIssue {
        Check.id("collaborationId", collaborationId);
        Check.id("issueId", issueId);
        Check.notNull("type", type);
        Check.text("title", title, Check.TITLE_MAX);
        Check.text("description", description, Check.TEXT_MAX);
        Check.notNull("category", category);
        Check.notNull("severity", severity);
        involvedParties = Set.copyOf(Check.noNulls("involvedParties", Check.notNull("involvedParties", involvedParties)));
        Check.id("actor", actor);
    }
}
