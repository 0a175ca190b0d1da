package org.concordia.kernel.audit;

import java.util.List;

/** {@code nextAfterPosition} is the cursor for the next page, null when the trail is exhausted. */
public record AuditTrailPage(List<AuditEntry> entries, Long nextAfterPosition) {
}
