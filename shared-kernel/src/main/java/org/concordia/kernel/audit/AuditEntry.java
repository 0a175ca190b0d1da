package org.concordia.kernel.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded fact. {@code type} is the event's simple name, {@code data} its payload as a JSON-like map,
 * {@code reason} its reason or note where it has one, {@code actorParty} null for the system.
 */
public record AuditEntry(long position, String eventId, String type, Instant occurredAt, String actor,
                         String actorParty, String collaborationId, String issueId, String summary,
                         Map<String, Object> data, String reason) {
}
