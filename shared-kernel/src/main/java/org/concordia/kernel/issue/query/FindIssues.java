package org.concordia.kernel.issue.query;

import java.time.Instant;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;

/**
 * Paged issue summaries of a collaboration, in {@code order} (null: {@link IssueOrder#NEWEST}). Every filter is
 * optional (null = any); {@code text} matches case-insensitively within title or description; {@code viewer} (null:
 * everything) hides the restricted issues it may not see. Result: {@link IssuePage}.
 */
public record FindIssues(String collaborationId, IssueStatus status, Integer tier, Severity severity,
                         IssueCategory category, String party, String text, int page, int size, Instant asOf,
                         Viewer viewer, IssueOrder order) {
    public static final int MAX_SIZE = 500;

    public FindIssues {
        if (page < 0) {
            throw new IllegalArgumentException("page: must not be negative");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size: must be between 1 and " + MAX_SIZE);
        }
        order = order == null ? IssueOrder.NEWEST : order;
    }

    public FindIssues(String collaborationId, IssueStatus status, Integer tier, Severity severity,
                      IssueCategory category, String party, String text, int page, int size, Instant asOf,
                      Viewer viewer) {
        this(collaborationId, status, tier, severity, category, party, text, page, size, asOf, viewer, null);
    }

    public FindIssues(String collaborationId, IssueStatus status, Integer tier, Severity severity,
                      IssueCategory category, String party, String text, int page, int size, Instant asOf) {
        this(collaborationId, status, tier, severity, category, party, text, page, size, asOf, null);
    }
}
