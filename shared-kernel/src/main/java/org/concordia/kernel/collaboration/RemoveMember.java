package org.concordia.kernel.collaboration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/** Remove a member; the history keeps them. The reason is optional. */
public record RemoveMember(@TargetAggregateIdentifier String collaborationId, String username, String reason,
                           String actor) {

    public RemoveMember {
        Check.id("collaborationId", collaborationId);
        Check.id("username", username);
        Check.optionalText("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
