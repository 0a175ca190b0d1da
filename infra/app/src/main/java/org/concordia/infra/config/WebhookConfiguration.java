package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.concordia.infra.config.ConcordiaProperties;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.webhook.OutboundUrlPolicy;
import org.concordia.infra.integration.webhook.SecretCipher;
import org.concordia.infra.integration.webhook.SubscriptionAccess;
import org.concordia.infra.integration.webhook.WebhookDeliveryEngine;
import org.concordia.infra.integration.webhook.WebhookProperties;
import org.concordia.infra.integration.webhook.WebhookStore;
import org.concordia.infra.membership.CurrentCollaborations;
import org.concordia.infra.membership.OwnerSubscriptionAccess;
import org.concordia.infra.security.UserAccounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Webhook subscriptions, their secrets, the outbound URL policy and the delivery engine. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean
    WebhookStore webhookStore(MongoDatabase database) {
        return new WebhookStore(database);
    }

    @Bean
    SecretCipher webhookSecretCipher(WebhookProperties webhooks, ConcordiaProperties concordia) {
        boolean configured = webhooks.secretKey() != null && !webhooks.secretKey().isBlank();
        if (!configured && concordia.mongodb().isExternal()) {
            log.warn("concordia.webhooks.secret-key is not set: webhook secrets are encrypted with a key kept in {}; "
                     + "nodes sharing this MongoDB need the same key", concordia.dataDir());
        }
        return SecretCipher.fromConfiguration(webhooks.secretKey(), concordia.dataDir());
    }

    @Bean
    OutboundUrlPolicy outboundUrlPolicy(WebhookProperties webhooks) {
        return new OutboundUrlPolicy(webhooks.allowPrivateNetworks());
    }

    @Bean
    SubscriptionAccess subscriptionAccess(UserAccounts users, CurrentCollaborations collaborations) {
        return new OwnerSubscriptionAccess(users, collaborations);
    }

    @Bean(destroyMethod = "close")
    WebhookDeliveryEngine webhookDeliveryEngine(WebhookStore store, ObjectProvider<EventFeed> feed,
                                                SecretCipher cipher, OutboundUrlPolicy policy,
                                                SubscriptionAccess access, WebhookProperties webhooks,
                                                MeterRegistry meterRegistry) {
        WebhookDeliveryEngine engine = new WebhookDeliveryEngine(store, feed::getIfAvailable, cipher, policy,
                                                                 access, webhooks, Clock.systemUTC(), meterRegistry);
        if (webhooks.enabled()) {
            engine.start();
        }
        return engine;
    }
}
