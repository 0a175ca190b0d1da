package org.concordia.kernel.issue.query;

import java.time.Instant;

/**
 * The full view of one issue; {@code asOf} null for the live view, else the state as it stood at that instant;
 * {@code now} (null: not judged) is when overdue actions and notification clocks are judged for a live view. Result:
 * {@link IssueView} (null if unknown).
 */
public record FindIssue(String collaborationId, String issueId, Instant asOf, Instant now) {

    public FindIssue(String collaborationId, String issueId, Instant asOf) {
        this(collaborationId, issueId, asOf, null);
    }
}
