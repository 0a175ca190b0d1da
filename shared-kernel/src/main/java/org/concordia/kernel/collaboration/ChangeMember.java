package org.concordia.kernel.collaboration;

import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Correct a member's party or roles (or both), with a reason; by a coordinator. History keeps the old values. */
public record ChangeMember(@TargetAggregateIdentifier String collaborationId, String username, String partyId,
                           Set<MemberRole> roles, String reason, String actor) {

    public ChangeMember {
        Check.id("collaborationId", collaborationId);
        Check.id("username", username);
        Check.id("partyId", partyId);
        roles = Set.copyOf(Check.noNulls("roles", Check.notEmpty("roles", roles)));
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
