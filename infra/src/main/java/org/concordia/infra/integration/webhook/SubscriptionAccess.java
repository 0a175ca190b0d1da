package org.concordia.infra.integration.webhook;

import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.security.UserAccounts;
import org.concordia.kernel.collaboration.MemberRole;

import java.util.Optional;

/**
 * Whether a subscription's owner may still have its collaboration's events sent out: asked before every attempt,
 * so a subscription stops the moment its owner loses access, not only when it is registered.
 */
@FunctionalInterface
public interface SubscriptionAccess {

    /** Why the subscription may no longer deliver, or empty while it may. */
    Optional<String> lost(Subscription subscription);

    /**
     * The rule of registration, asked again: the owner's account is enabled, and the owner is an administrator or a
     * COORDINATOR of the collaboration now (from its own events, never behind a removal).
     */
    static SubscriptionAccess ofOwner(UserAccounts users, CurrentCollaborations collaborations) {
        return s -> {
            Optional<UserAccounts.Account> owner = users.find(s.createdBy());
            if (owner.isEmpty() || !owner.get().enabled()) {
                return Optional.of("its owner " + s.createdBy() + " no longer has access: the account is "
                                   + (owner.isEmpty() ? "gone" : "disabled"));
            }
            if (owner.get().admin()) {
                return Optional.empty();
            }
            boolean coordinator = collaborations.activeMember(s.collaborationId(), s.createdBy())
                                                .map(member -> member.roles().contains(MemberRole.COORDINATOR))
                                                .orElse(false);
            return coordinator ? Optional.empty()
                    : Optional.of("its owner " + s.createdBy() + " no longer has access to the collaboration "
                                  + "(not a coordinator of it, nor an administrator)");
        };
    }
}
