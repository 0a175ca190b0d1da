package org.concordia.infra.workspace.issue;

import org.concordia.kernel.audit.AuditEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One line of an issue's timeline: a recorded fact with who did it, for which party, in which roles, and why. */
public record TimelineEntry(long position, String type, Instant at, String actor, String party, List<String> roles,
                            String what, String reason) {

    static TimelineEntry of(AuditEntry entry, Map<String, String> partyNames) {
        List<String> roles = new ArrayList<>();
        if (entry.data() != null && entry.data().get("actor") instanceof Map<?, ?> actor
            && actor.get("roles") instanceof Collection<?> names) {
            names.forEach(name -> roles.add(String.valueOf(name)));
            roles.sort(null);
        }
        String party = entry.actorParty() == null ? null
                : partyNames.getOrDefault(entry.actorParty(), entry.actorParty());
        return new TimelineEntry(entry.position(), entry.type(), entry.occurredAt(), entry.actor(), party, roles,
                                 entry.summary(), entry.reason());
    }
}
