package org.concordia.kernel.collaboration;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

public record AddMember(@TargetAggregateIdentifier String collaborationId, String username, String partyId,
                        Set<MemberRole> roles, String actor) {

    public AddMember {
        Check.id("collaborationId", collaborationId);
        Check.id("username", username);
        Check.id("partyId", partyId);
        roles = Set.copyOf(Check.noNulls("roles", Check.notEmpty("roles", roles)));
        Check.id("actor", actor);
    }
}
