package org.concordia.kernel.collaboration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.concordia.kernel.shared.Check;

/**
 * Remove a member, for a reason; the history keeps them. Refused while they sit on a tier of the ladder: redefine
 * the ladder first, so that no body is left with a seat nobody can fill. Their open items (actions, issues they own)
 * are listed by {@code GET .../members/{username}/open-items} for reassignment.
 */
public record RemoveMember(@TargetAggregateIdentifier String collaborationId, String username, String reason,
                           String actor) {

    public RemoveMember {
        Check.id("collaborationId", collaborationId);
        Check.id("username", username);
        Check.text("reason", reason, Check.REASON_MAX);
        Check.id("actor", actor);
    }
}
