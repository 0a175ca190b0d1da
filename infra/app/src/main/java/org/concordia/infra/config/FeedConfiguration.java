package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.FeedProjection;
import org.concordia.infra.integration.feed.MongoEventFeed;
import org.springframework.context.annotation.Bean;

/**
 * The feed's single-writer projection on a tracking processor of its own with ONE segment (so events are numbered
 * in global order by one thread on one node at a time), and the {@link EventFeed} that reads it.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class FeedConfiguration {

    @Bean
    CloudEventMapper cloudEventMapper() {
        return new CloudEventMapper();
    }

    @Bean
    MongoEventFeed eventFeed(MongoDatabase database, MongoConfiguration.RedeliverableWrites redeliverable) {
        return new MongoEventFeed(database, redeliverable.database());
    }

    @Bean
    ConfigurerModule integrationFeedProcessor(MongoEventFeed feed, CloudEventMapper mapper) {
        FeedProjection projection = new FeedProjection(feed, mapper);
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(
                        FeedProjection.PROCESSING_GROUP, Configuration::eventStore,
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                .andInitialSegmentsCount(1)
                                                                .andBatchSize(100))
                .registerEventHandler(c -> projection)
                .assignHandlerInstancesMatching(FeedProjection.PROCESSING_GROUP, FeedProjection.class::isInstance));
    }
}
