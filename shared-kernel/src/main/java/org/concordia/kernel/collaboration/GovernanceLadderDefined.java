package org.concordia.kernel.collaboration;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.shared.ActorContext;

/**
 * {@code ladderVersion} counts definitions from 1, so issues can tell which ladder placed them. Revision 2: each tier
 * states its chair and {@link DecisionRule} instead of a quorum of approvals, the ladder its {@code entryRoutes},
 * and a redefinition its {@code reason}. Revision-1 events are upcast: a tier's {@code quorum} becomes
 * {@link DecisionRule#fromApprovalQuorum}, chair null, no routes, reason null.
 */
@Revision("2")
public record GovernanceLadderDefined(String collaborationId, int ladderVersion, List<GovernanceTier> tiers,
                                      List<EntryRoute> entryRoutes, String reason, ActorContext actor)
        implements CollaborationEvent {

    public GovernanceLadderDefined {
        entryRoutes = entryRoutes == null ? List.of() : List.copyOf(entryRoutes);
    }

    public GovernanceLadderDefined(String collaborationId, int ladderVersion, List<GovernanceTier> tiers,
                                   ActorContext actor) {
        this(collaborationId, ladderVersion, tiers, List.of(), null, actor);
    }
}
