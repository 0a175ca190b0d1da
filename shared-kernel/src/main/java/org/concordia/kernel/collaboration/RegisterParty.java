package org.concordia.kernel.collaboration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

public record RegisterParty(@TargetAggregateIdentifier String collaborationId, String partyId, String name,
                            PartyRole role, String actor) {

    public RegisterParty {
        Check.id("collaborationId", collaborationId);
        Check.id("partyId", partyId);
        Check.text("name", name, Check.NAME_MAX);
        Check.notNull("role", role);
        Check.id("actor", actor);
    }
}
