package org.concordia.infra.eventstore;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Axon's own bar (ConcurrentModificationTest_OptimisticLocking), raised: many threads on one aggregate, spread
 * over two application "nodes" whose locks know nothing of each other, so only the event store keeps them apart.
 */
class ConcurrentModificationTest {

    record CreateCounter(@TargetAggregateIdentifier String id) {
    }

    record Increment(@TargetAggregateIdentifier String id) {
    }

    record CounterCreated(String id) {
    }

    record Incremented(String id) {
    }

    static class Counter {
        @AggregateIdentifier
        private String id;

        Counter() {
        }

        @CommandHandler
        Counter(CreateCounter command) {
            AggregateLifecycle.apply(new CounterCreated(command.id()));
        }

        @CommandHandler
        void handle(Increment command) {
            AggregateLifecycle.apply(new Incremented(command.id()));
        }

        @EventSourcingHandler
        void on(CounterCreated event) {
            this.id = event.id();
        }
    }

    @TempDir
    Path dataDir;
    StoreHarness store;
    final List<Configuration> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        store = new StoreHarness(dataDir);
    }

    @AfterEach
    void stop() {
        nodes.forEach(Configuration::shutdown);
        store.close();
    }

    private CommandGateway startNode() {
        EventStorageEngine engine = store.engine();
        Configuration configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .configureSerializer(c -> StoreHarness.serializer())
                .configureAggregate(AggregateConfigurer.defaultConfiguration(Counter.class))
                .buildConfiguration();
        configuration.start();
        nodes.add(configuration);
        return configuration.commandGateway();
    }

    @Test
    void fiftyThreadsOnOneAggregateNeverLoseOrDuplicateAnEvent() throws Exception {
        CommandGateway nodeA = startNode();
        CommandGateway nodeB = startNode();
        nodeA.sendAndWait(new CreateCounter("counter"));

        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger conflicted = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            CommandGateway gateway = t % 2 == 0 ? nodeA : nodeB;
            futures.add(threads.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    try {
                        gateway.sendAndWait(new Increment("counter"));
                        succeeded.incrementAndGet();
                    } catch (ConcurrencyException e) {
                        conflicted.incrementAndGet();
                    }
                }
            }));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.MINUTES)).as("no thread stuck").isTrue();
        for (Future<?> future : futures) {
            future.get(); // surfaces any failure other than a concurrency conflict
        }

        assertThat(succeeded.get() + conflicted.get()).isEqualTo(1000);
        List<Long> sequences = sequencesOf("counter");
        assertThat(sequences).hasSize(1 + succeeded.get());
        assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, sequences.size()).boxed().toList());

        nodeB.sendAndWait(new Increment("counter"));
        assertThat(sequencesOf("counter")).hasSize(2 + succeeded.get());
    }

    @Test
    void racingWritersOnTheEngineAreKeptApartByTheStoreAlone() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        AtomicInteger succeeded = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(50);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 50; t++) {
            futures.add(threads.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    long next = engine.lastSequenceNumberFor("raced").map(last -> last + 1).orElse(0L);
                    DomainEventMessage<?> event = new GenericDomainEventMessage<>("Counter", "raced", next,
                                                                                  new Incremented("raced"));
                    try {
                        engine.appendEvents(event);
                        succeeded.incrementAndGet();
                    } catch (ConcurrencyException | AggregateStreamCreationException e) {
                        // another writer took that sequence number first: expected under this race
                    }
                }
            }));
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        for (Future<?> future : futures) {
            future.get();
        }
        List<Long> sequences = new ArrayList<>();
        engine.readEvents("raced").asStream().forEach(e -> sequences.add(e.getSequenceNumber()));
        assertThat(sequences).hasSize(succeeded.get());
        assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, sequences.size()).boxed().toList());
        // Every allocated position is accounted for: tracking reads every stored event, waiting for nothing.
        assertThat(engine.readEvents(null, false).count()).isEqualTo(succeeded.get());
    }

    private List<Long> sequencesOf(String aggregateId) {
        MongoEventStorageEngine reader = store.engine();
        DomainEventStream stream = reader.readEvents(aggregateId);
        List<Long> sequences = new ArrayList<>();
        stream.asStream().forEach(e -> sequences.add(e.getSequenceNumber()));
        return sequences;
    }
}
