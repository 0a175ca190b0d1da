package org.concordia.kernel.collaboration;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record MemberRemoved(String collaborationId, String username, String reason, ActorContext actor)
        implements CollaborationEvent {
}
