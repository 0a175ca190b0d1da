package org.concordia.kernel.audit;

import java.time.Instant;

/**
 * Recorded facts of a collaboration (or one issue when {@code issueId} is set), in global position order,
 * after {@code afterPosition} (-1 from the start), at most {@code limit}. Optional filters: occurred within
 * [{@code from}, {@code to}), by {@code actor}. Result: {@link AuditTrailPage}.
 */
public record FindAuditTrail(String collaborationId, String issueId, Instant from, Instant to, String actor,
                             long afterPosition, int limit) {
    public static final int MAX_LIMIT = 1000;

    public FindAuditTrail {
        if (collaborationId == null || collaborationId.isBlank()) {
            throw new IllegalArgumentException("collaborationId: must not be blank");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT);
        }
    }
}
