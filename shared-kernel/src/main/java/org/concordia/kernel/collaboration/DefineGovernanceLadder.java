package org.concordia.kernel.collaboration;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Replace the governance ladder; tier 1 first. Open issues keep their tier; new escalations use this ladder. */
public record DefineGovernanceLadder(@TargetAggregateIdentifier String collaborationId, List<GovernanceTier> tiers,
                                     String actor) {

    public DefineGovernanceLadder {
        Check.id("collaborationId", collaborationId);
        tiers = List.copyOf(Check.noNulls("tiers", Check.notEmpty("tiers", tiers)));
        for (int i = 0; i < tiers.size(); i++) {
            tiers.get(i).requireSlasAtMost("tiers[" + i + "]", GovernanceTier.LONGEST_SLA);
        }
        Check.id("actor", actor);
    }
}
