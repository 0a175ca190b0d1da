package org.concordia.infra.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.messaging.ScopeAwareProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.concordia.infra.deadline.MongoDeadlineManager;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.SparseClaimExtensions;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * Axon on MongoDB without Axon Server: our event storage engine, the Mongo extension's token store, and Jackson
 * for events, messages and tokens (its own ObjectMapper, so HTTP settings can never change stored formats).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Stored formats must read back forever: tolerant of added fields, ISO-8601 times. */
    static ObjectMapper storageObjectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                         // stored events are their record components, not convenience methods like isSystem()
                         .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                         .build();
    }

    /**
     * Snapshots hold aggregate state, which lives in private fields (with no getters, by design): serialise fields,
     * never accessors, so what is restored is exactly what was there.
     */
    static JacksonSerializer snapshotSerializer() {
        ObjectMapper mapper = storageObjectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    static JacksonSerializer jacksonSerializer() {
        return JacksonSerializer.builder().objectMapper(storageObjectMapper()).lenientDeserialization().build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jacksonSerializer();
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabase database,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          ConcordiaProperties properties,
                                          Configuration axonConfiguration) {
        ConcordiaProperties.EventStore settings = properties.eventStore();
        return MongoEventStorageEngine.builder()
                                      .database(database)
                                      .eventSerializer(eventSerializer)
                                      .snapshotSerializer(snapshotSerializer())
                                      .upcasterChain(axonConfiguration.upcasterChain())
                                      .gapTimeout(settings.gapTimeout())
                                      .batchSize(settings.batchSize())
                                      .build();
    }

    /** SLA timers: kept in MongoDB, so they survive restarts and fire once across nodes. */
    @Bean(destroyMethod = "shutdown")
    MongoDeadlineManager deadlineManager(MongoDatabase database, ObjectProvider<Configuration> axonConfiguration,
                                         @Qualifier("messageSerializer") Serializer messageSerializer) {
        // Resolved on first use: the Axon configuration itself is built with this deadline manager in it.
        ScopeAwareProvider scopes = descriptor -> new ConfigurationScopeAwareProvider(axonConfiguration.getObject())
                .provideScopeAwareStream(descriptor);
        return MongoDeadlineManager.builder()
                                   .database(database)
                                   .scopeAwareProvider(scopes)
                                   .serializer(messageSerializer)
                                   .nodeId(ManagementFactory.getRuntimeMXBean().getName())
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
                          ConcordiaProperties properties) {
        Duration claimTimeout = properties.eventStore().claimTimeout();
        return new SparseClaimExtensions(MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(tokens.database()).build())
                              .serializer(serializer)
                              .claimTimeout(claimTimeout)
                              .build(), claimTimeout.dividedBy(4), Clock.systemUTC());
    }
}
