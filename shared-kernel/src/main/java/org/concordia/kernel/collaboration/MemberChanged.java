package org.concordia.kernel.collaboration;

import java.util.Set;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** A member's party and roles were corrected, from {@code previous…} to the new values, for {@code reason}. */
@Revision("1")
public record MemberChanged(String collaborationId, String username, String previousPartyId, String partyId,
                            Set<MemberRole> previousRoles, Set<MemberRole> roles, String reason, ActorContext actor)
        implements CollaborationEvent {
}
