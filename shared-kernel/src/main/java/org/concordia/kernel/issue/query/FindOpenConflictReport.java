package org.concordia.kernel.issue.query;

import java.time.Instant;

/**
 * The open-conflict report; {@code now} anchors the age buckets and the overdue counts (for an as-of report pass the
 * same instant); {@code viewer} (null: everything) leaves out the restricted issues it may not see. Result:
 * {@link OpenConflictReport}.
 */
public record FindOpenConflictReport(String collaborationId, Instant now, Instant asOf, Viewer viewer) {
    public FindOpenConflictReport {
        if (now == null) {
            throw new IllegalArgumentException("now: must not be null");
        }
    }

    public FindOpenConflictReport(String collaborationId, Instant now, Instant asOf) {
        this(collaborationId, now, asOf, null);
    }
}
