package org.concordia.infra.integration.webhook;

import org.concordia.infra.integration.webhook.WebhookStore.Subscription;

import java.util.Optional;

/**
 * Whether a subscription's owner may still have its collaboration's events sent out: asked before every attempt,
 * so a subscription stops the moment its owner loses access, not only when it is registered. A port: accounts and
 * memberships live in the application, which implements it (the registration rule, asked again).
 */
@FunctionalInterface
public interface SubscriptionAccess {

    /** Why the subscription may no longer deliver, or empty while it may. */
    Optional<String> lost(Subscription subscription);
}
