package org.concordia.kernel.issue.query;

import java.time.Instant;

/** The open-conflict report; {@code now} anchors the age buckets (for an as-of report pass the same instant). Result: {@link OpenConflictReport}. */
public record FindOpenConflictReport(String collaborationId, Instant now, Instant asOf) {
    public FindOpenConflictReport {
        if (now == null) {
            throw new IllegalArgumentException("now: must not be null");
        }
    }
}
