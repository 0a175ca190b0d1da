package org.concordia.kernel.collaboration;

import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.shared.Check;

/**
 * Where an issue enters the ladder: an issue of {@code category} (null: any) and at least {@code minimumSeverity}
 * (null: any) starts at tier {@code level}. The ladder's routes are tried in order; the first that matches wins, and
 * an issue no route matches starts at tier 1. Example: SAFETY, CRITICAL → the data monitoring committee's tier.
 */
public record EntryRoute(IssueCategory category, Severity minimumSeverity, int level) {

    public EntryRoute {
        Check.atLeast("level", level, 1);
    }

    public boolean matches(IssueCategory issueCategory, Severity severity) {
        return (category == null || category == issueCategory)
               && (minimumSeverity == null || severity.compareTo(minimumSeverity) >= 0);
    }

    /** "CRITICAL+ SAFETY → tier 3". */
    public String describe() {
        return (minimumSeverity == null ? "any severity" : minimumSeverity + "+") + " "
               + (category == null ? "any category" : category.name()) + " → tier " + level;
    }
}
