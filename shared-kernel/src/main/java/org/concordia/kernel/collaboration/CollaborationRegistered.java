package org.concordia.kernel.collaboration;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** Followed, in the same commit, by {@link MemberAdded} making {@code coordinator} a COORDINATOR. */
@Revision("1")
public record CollaborationRegistered(String collaborationId, String key, String name, CollaborationKind kind,
                                      String description, String coordinator, ActorContext actor)
        implements CollaborationEvent {
}
