package org.concordia.infra.config;

import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.concordia.infra.membership.BallotReviews;
import org.springframework.context.annotation.Bean;

/**
 * {@link BallotReviews} on a tracking processor of its own (one segment, from the head of the store): open ballots
 * are reviewed when a member of their body is removed or changed.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BallotReviewConfiguration {

    @Bean
    ConfigurerModule ballotReviewProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(
                        BallotReviews.GROUP, Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                .andInitialSegmentsCount(1)
                                                                .andInitialTrackingToken(
                                                                        StreamableMessageSource::createHeadToken))
                .registerEventHandler(c -> new BallotReviews(c.queryGateway(), c.commandGateway()))
                .assignHandlerInstancesMatching(BallotReviews.GROUP, BallotReviews.class::isInstance));
    }
}
