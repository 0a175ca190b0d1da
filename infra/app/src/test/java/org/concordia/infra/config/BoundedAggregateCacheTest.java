package org.concordia.infra.config;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

class BoundedAggregateCacheTest {

    record Open(@TargetAggregateIdentifier String id) {
    }

    record Add(@TargetAggregateIdentifier String id, int amount) {
    }

    record Opened(String id) {
    }

    record Added(String id, int amount) {
    }

    static class Counter {
        @AggregateIdentifier
        private String id;
        private int total;

        Counter() {
        }

        @CommandHandler
        Counter(Open command) {
            apply(new Opened(command.id()));
        }

        @CommandHandler
        int handle(Add command) {
            if (command.amount() < 0) {
                apply(new Added(id, command.amount())); // applied, then refused: the unit of work rolls back
                throw new IllegalArgumentException("negative");
            }
            apply(new Added(id, command.amount()));
            return total; // after this event
        }

        @EventSourcingHandler
        void on(Opened event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Added event) {
            total += event.amount();
        }
    }

    /** Counts the reads of aggregate streams: a command on a cached aggregate reads none. */
    static class CountingEngine extends InMemoryEventStorageEngine {
        final AtomicInteger streamReads = new AtomicInteger();

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            streamReads.incrementAndGet();
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
    }

    private final CountingEngine engine = new CountingEngine();
    private final BoundedAggregateCache cache = new BoundedAggregateCache(2);
    private Configuration axon;

    private CommandGateway gateway() {
        AggregateConfigurer<Counter> counters = AggregateConfigurer.defaultConfiguration(Counter.class)
                                                                   .configureCache(c -> cache);
        axon = DefaultConfigurer.defaultConfiguration(false)
                                .configureEmbeddedEventStore(c -> engine)
                                .configureAggregate(counters)
                                .buildConfiguration();
        axon.start();
        return axon.commandGateway();
    }

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    @Test
    void aCachedAggregateSurvivesGarbageCollectionAndIsNotReadAgain() {
        CommandGateway gateway = gateway();
        gateway.sendAndWait(new Open("a"));
        gateway.sendAndWait(new Add("a", 1));
        int reads = engine.streamReads.get();

        System.gc();
        Object total = gateway.sendAndWait(new Add("a", 2));

        assertThat(total).isEqualTo(3);
        assertThat(engine.streamReads.get()).isEqualTo(reads);
    }

    @Test
    void aRolledBackCommandDropsTheAggregateSoTheNextOneReadsTheStoredEvents() {
        CommandGateway gateway = gateway();
        gateway.sendAndWait(new Open("a"));
        gateway.sendAndWait(new Add("a", 5));

        assertThatThrownBy(() -> gateway.sendAndWait(new Add("a", -3))).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.containsKey("a")).isFalse();
        int reads = engine.streamReads.get();

        Object total = gateway.sendAndWait(new Add("a", 1));

        assertThat(total).isEqualTo(6); // the refused -3 was neither stored nor kept
        assertThat(engine.streamReads.get()).isGreaterThan(reads);
    }

    @Test
    void keepsNoMoreThanItsMaximumAndAnEvictedAggregateIsLoadedFromItsEvents() {
        CommandGateway gateway = gateway();
        for (String id : new String[]{"a", "b", "c", "d"}) {
            gateway.sendAndWait(new Open(id));
            gateway.sendAndWait(new Add(id, 10));
        }

        assertThat(cache.size()).isLessThanOrEqualTo(2);
        for (String id : new String[]{"a", "b", "c", "d"}) {
            assertThat((Object) gateway.sendAndWait(new Add(id, 1))).isEqualTo(11);
        }
    }

    @Test
    void tellsItsListenersWhatChanged() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        cache.registerCacheEntryListener(new org.axonframework.common.caching.Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                created.incrementAndGet();
            }

            @Override
            public void onEntryRemoved(Object key) {
                removed.incrementAndGet();
            }
        });

        cache.put("k", "v");
        assertThat((Object) cache.get("k")).isEqualTo("v");
        assertThat(cache.putIfAbsent("k", "w")).isFalse();
        assertThat(cache.remove("k")).isTrue();

        assertThat(created).hasValue(1);
        assertThat(removed).hasValue(1);
    }
}
