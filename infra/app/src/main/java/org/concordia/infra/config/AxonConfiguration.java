package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.messaging.ScopeAwareProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.concordia.infra.deadline.MongoDeadlineManager;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.SparseClaimExtensions;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.query.support.DeferredReplayWrites;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;

/**
 * Axon on MongoDB without Axon Server: our event storage engine, the Mongo extension's token store, and Jackson
 * for events, messages and tokens ({@link StorageSerializers}: HTTP settings can never change stored formats).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer() {
        return StorageSerializers.events();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return StorageSerializers.events();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return StorageSerializers.events();
    }

    /** Also the {@link org.concordia.infra.eventstore.CommitLog} of the audit chain, operations and the query side. */
    @Bean
    MongoEventStorageEngine eventStorageEngine(MongoDatabase database,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          ConcordiaProperties properties,
                                          Configuration axonConfiguration) {
        ConcordiaProperties.EventStore settings = properties.eventStore();
        return MongoEventStorageEngine.builder()
                                      .database(database)
                                      .eventSerializer(eventSerializer)
                                      .snapshotSerializer(StorageSerializers.snapshots())
                                      .upcasterChain(axonConfiguration.upcasterChain())
                                      // a snapshot of an older aggregate revision is ignored; events rebuild it
                                      .snapshotFilter(axonConfiguration.snapshotFilter())
                                      .gapTimeout(settings.gapTimeout())
                                      .batchSize(settings.batchSize())
                                      .build();
    }

    /** SLA timers: kept in MongoDB, so they survive restarts and fire once across nodes. */
    @Bean(destroyMethod = "shutdown")
    MongoDeadlineManager deadlineManager(MongoDatabase database, MongoConfiguration.RedeliverableWrites redeliverable,
                                         ObjectProvider<Configuration> axonConfiguration,
                                         @Qualifier("messageSerializer") Serializer messageSerializer) {
        // Resolved on first use: the Axon configuration itself is built with this deadline manager in it.
        ScopeAwareProvider scopes = descriptor -> new ConfigurationScopeAwareProvider(axonConfiguration.getObject())
                .provideScopeAwareStream(descriptor);
        return MongoDeadlineManager.builder()
                                   .database(database)
                                   // buckets and scopes ride on the entry's commit (2 commits fewer per schedule)
                                   .registryDatabase(redeliverable.database())
                                   .scopeAwareProvider(scopes)
                                   .serializer(messageSerializer)
                                   .build();
    }

    /** Timers fire only once every handler is in place. */
    @EventListener(ApplicationReadyEvent.class)
    void startDeadlines(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(MongoDeadlineManager.class).start();
    }

    /** Claims renewed at most every quarter of the claim timeout (an idle processor asks every second). */
    @Bean
    TokenStore tokenStore(MongoConfiguration.RedeliverableWrites tokens, Serializer serializer,
                          ConcordiaProperties properties, DeferredReplayWrites replayWrites) {
        Duration claimTimeout = properties.eventStore().claimTimeout();
        MongoTokenStore.Builder store = MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(tokens.database()).build())
                              .serializer(serializer)
                              .claimTimeout(claimTimeout);
        String nodeId = properties.eventStore().nodeId();
        if (nodeId != null && !nodeId.isBlank()) {
            store.nodeId(nodeId);
        }
        // a replaying view's token waits for the documents it holds back (QuerySideConfiguration)
        return replayWrites.tokenStore(
                new SparseClaimExtensions(store.build(), claimTimeout.dividedBy(4), Clock.systemUTC()));
    }
}
