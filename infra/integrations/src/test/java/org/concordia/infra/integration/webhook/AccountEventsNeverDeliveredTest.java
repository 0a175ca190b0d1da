package org.concordia.infra.integration.webhook;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.kernel.account.AccountDisabled;
import org.concordia.kernel.collaboration.MemberRemoved;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Account events belong to no collaboration: their feed entries carry none, so no subscription (each bound to one
 * collaboration) matches them, whatever its filter; and they are not types a subscription may name.
 */
class AccountEventsNeverDeliveredTest {

    private static final ActorContext ADMIN = new ActorContext("admin", null, Set.of());

    private static FeedEntry entry(String aggregateId, Object payload) {
        var event = new GenericDomainEventMessage<>("T", aggregateId, 0, payload);
        return new FeedEntry(7, CloudEventMapper.collaborationIdOf(payload),
                             new CloudEventMapper().toCloudEvent(event, 7));
    }

    @Test
    void noSubscriptionMatchesAnAccountEvent() {
        FeedEntry disabled = entry("account:cora", new AccountDisabled("cora", "left", ADMIN));
        FeedEntry removed = entry("c1", new MemberRemoved("c1", "cora", "left", ADMIN));
        WebhookStore.Subscription everything = new WebhookStore.Subscription("s1", "https://hooks.example.org/x",
                List.of(), "c1", "cora", Instant.now(), WebhookStore.ACTIVE, null, null, 0, 0, 0, 0, List.of(), null,
                null);
        assertThat(disabled.collaborationId()).isNull();
        assertThat(disabled.event().getSubject()).isEqualTo("cora");
        assertThat(disabled.event().getExtension(CloudEventMapper.ACTOR)).isEqualTo("admin");
        assertThat(WebhookDeliveryEngine.matches(everything, removed)).isTrue();
        assertThat(WebhookDeliveryEngine.matches(everything, disabled)).isFalse();
        assertThat(EventTypeCatalog.isKnown("org.concordia.AccountDisabled.v1")).isFalse();
    }
}
