package org.concordia.kernel.collaboration;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Replace the governance ladder; tier 1 first, tier names distinct. {@code entryRoutes} (tried in order) say at
 * which tier an issue of a given category and severity starts; none matching: tier 1. A reason is required once a
 * ladder exists (Annex 11 §9). Ballots already open and issues already at a tier keep what they had; later ballots
 * and escalations use this ladder.
 */
public record DefineGovernanceLadder(@TargetAggregateIdentifier String collaborationId, List<GovernanceTier> tiers,
                                     List<EntryRoute> entryRoutes, String reason, String actor) {

    public DefineGovernanceLadder {
        Check.id("collaborationId", collaborationId);
        tiers = List.copyOf(Check.noNulls("tiers", Check.notEmpty("tiers", tiers)));
        Set<String> names = new HashSet<>();
        for (GovernanceTier tier : tiers) {
            if (!names.add(tier.name())) {
                throw new IllegalArgumentException("tiers: tier names must be distinct (" + tier.name() + ")");
            }
        }
        entryRoutes = entryRoutes == null ? List.of() : List.copyOf(Check.noNulls("entryRoutes", entryRoutes));
        for (EntryRoute route : entryRoutes) {
            if (route.level() > tiers.size()) {
                throw new IllegalArgumentException("entryRoutes: level " + route.level() + " is beyond the top tier ("
                                                   + tiers.size() + ")");
            }
        }
        Check.optionalText("reason", reason, Check.REASON_MAX);
        for (int i = 0; i < tiers.size(); i++) {
            tiers.get(i).requireSlasAtMost("tiers[" + i + "]", GovernanceTier.LONGEST_SLA);
        }
        Check.id("actor", actor);
    }

    /** A ladder without entry routes (every issue starts at tier 1) and without a reason (allowed for the first). */
    public DefineGovernanceLadder(String collaborationId, List<GovernanceTier> tiers, String actor) {
        this(collaborationId, tiers, List.of(), null, actor);
    }
}
