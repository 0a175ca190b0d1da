package org.concordia.kernel.collaboration;

import java.util.Set;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** {@code partyId} is null only for the founding coordinator (no party exists yet at registration). */
@Revision("1")
public record MemberAdded(String collaborationId, String username, String partyId, Set<MemberRole> roles,
                          ActorContext actor) implements CollaborationEvent {
}
