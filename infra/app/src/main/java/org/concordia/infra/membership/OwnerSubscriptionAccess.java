package org.concordia.infra.membership;

import org.concordia.infra.integration.webhook.SubscriptionAccess;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.concordia.infra.security.UserAccounts;
import org.concordia.kernel.collaboration.MemberRole;

import java.util.Optional;

/**
 * The rule of registration, asked again before every delivery: the owner's account is enabled, and the owner is an
 * administrator or a COORDINATOR of the collaboration now (from its own events, never behind a removal).
 */
public final class OwnerSubscriptionAccess implements SubscriptionAccess {

    private final UserAccounts users;
    private final CurrentCollaborations collaborations;

    public OwnerSubscriptionAccess(UserAccounts users, CurrentCollaborations collaborations) {
        this.users = users;
        this.collaborations = collaborations;
    }

    @Override
    public Optional<String> lost(Subscription s) {
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
    }
}
