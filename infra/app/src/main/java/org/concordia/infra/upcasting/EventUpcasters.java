package org.concordia.infra.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every upcaster, as one chain in the order the revisions were made: electronic signatures (1 → 2), then decision
 * rules and CAPA (to 2 or 3). One bean, so that the order never depends on how Spring lists beans.
 */
@Configuration(proxyBeanMethods = false)
public class EventUpcasters {

    @Bean
    EventUpcaster eventUpcasterChain() {
        return chain();
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(SignatureUpcasters.chain(), GovernanceUpcasters.chain());
    }
}
