package org.concordia.kernel.collaboration;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/** {@code ladderVersion} counts definitions from 1, so issues can tell which ladder placed them. */
@Revision("1")
public record GovernanceLadderDefined(String collaborationId, int ladderVersion, List<GovernanceTier> tiers,
                                      ActorContext actor) implements CollaborationEvent {
}
