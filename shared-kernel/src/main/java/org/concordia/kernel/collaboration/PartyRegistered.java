package org.concordia.kernel.collaboration;

import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

@Revision("1")
public record PartyRegistered(String collaborationId, String partyId, String name, PartyRole role,
                              ActorContext actor) implements CollaborationEvent {
}
