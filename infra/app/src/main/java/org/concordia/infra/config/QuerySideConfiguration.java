package org.concordia.infra.config;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.query.QuerySide;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.audit.EventLog;
import org.concordia.query.support.DeferredReplayWrites;
import org.concordia.query.support.ReadModelRetention;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The query side's projections, each on its own tracking processor with events of a collaboration kept in position
 * order, its query handlers, and its port to the event store's global order.
 */
@Configuration(proxyBeanMethods = false)
public class QuerySideConfiguration {

    /** Resolved lazily: the event store is itself built from the Axon configuration these projections join. */
    @Bean
    EventLog eventLog(ObjectProvider<CommitLog> commits) {
        return new EventLog() {
            @Override
            public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
                return commits.getObject().readPositions(positions);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Stream<TrackedEventMessage<?>> readFrom(long afterPosition) {
                return (Stream<TrackedEventMessage<?>>) commits.getObject().readFrom(afterPosition);
            }

            @Override
            public long headPosition() {
                long head = commits.getObject().headPosition();
                return head == 0 ? -1 : head;
            }
        };
    }

    /** A replay holds each view's changes in memory across tracking batches, within a share of the heap. */
    @Bean
    DeferredReplayWrites deferredReplayWrites() {
        return QuerySide.replayWritesFor(Runtime.getRuntime().maxMemory());
    }

    @Bean
    QuerySide querySide(MongoDatabase database, MongoConfiguration.RedeliverableWrites readModels, EventLog eventLog,
                        ConcordiaProperties properties, DeferredReplayWrites replayWrites) {
        QuerySide querySide = new QuerySide(database, readModels.database(), eventLog, replayWrites);
        ConcordiaProperties.Retention retention = properties.retention();
        querySide.retention(new ReadModelRetention() {
            @Override
            public Duration keepReplaced(String group) {
                return retention.keepReplaced();
            }

            @Override
            public boolean onLegalHold(String group) {
                return retention.legalHold().contains(group);
            }
        });
        querySide.ensureIndexes();
        return querySide;
    }

    @Bean
    AuditTrail auditTrail(QuerySide querySide) {
        return querySide.auditTrail();
    }

    @Bean
    ConfigurerModule querySideProcessors(QuerySide querySide) {
        return configurer -> {
            configurer.eventProcessing(processing -> {
                for (Map.Entry<String, Object> projection : querySide.projectionsByGroup().entrySet()) {
                    processing.registerEventHandler(c -> projection.getValue())
                              .registerSequencingPolicy(projection.getKey(), c -> QuerySide.sequencingPolicy())
                              .registerTrackingEventProcessorConfiguration(projection.getKey(),
                                                                           c -> QuerySide.processorConfiguration())
                              .registerHandlerInterceptor(projection.getKey(),
                                                          c -> querySide.batchInterceptor(projection.getKey()));
                }
            });
            for (Object handler : querySide.queryHandlers()) {
                configurer.registerQueryHandler(c -> handler);
            }
        };
    }
}
