package org.concordia.kernel.shared;

import java.util.Set;
import org.concordia.kernel.collaboration.MemberRole;

/**
 * Who did it, for which party, wearing which roles — as they stood when the event was recorded.
 * {@code partyId} is null for the system and for a coordinator not (yet) affiliated with a party.
 */
public record ActorContext(String username, String partyId, Set<MemberRole> roles) {

    public static final String SYSTEM_USERNAME = "system";

    /** The actor of SLA escalations and breaches. */
    public static final ActorContext SYSTEM = new ActorContext(SYSTEM_USERNAME, null, Set.of());

    public ActorContext {
        Check.id("username", username);
        if (partyId != null) {
            Check.id("partyId", partyId);
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    public boolean isSystem() {
        return SYSTEM_USERNAME.equals(username);
    }
}
