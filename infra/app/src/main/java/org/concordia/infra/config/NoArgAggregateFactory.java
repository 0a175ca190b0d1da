package org.concordia.infra.config;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.AggregateFactory;
import org.axonframework.eventsourcing.IncompatibleAggregateException;

import java.lang.reflect.Constructor;

/**
 * Creates an aggregate through its no-argument constructor (or takes it from a snapshot). Unlike Axon's generic
 * factory it does not inspect the aggregate's handlers when built, which would need parameter resolvers (for the
 * deadline manager, the directory) that only exist once the Axon configuration is complete.
 */
final class NoArgAggregateFactory<T> implements AggregateFactory<T> {

    private final Class<T> aggregateType;

    NoArgAggregateFactory(Class<T> aggregateType) {
        this.aggregateType = aggregateType;
    }

    @Override
    public T createAggregateRoot(String aggregateIdentifier, DomainEventMessage<?> firstEvent) {
        if (aggregateType.isInstance(firstEvent.getPayload())) {
            return aggregateType.cast(firstEvent.getPayload()); // a snapshot
        }
        try {
            Constructor<T> constructor = aggregateType.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IncompatibleAggregateException(
                    aggregateType.getSimpleName() + " needs a no-argument constructor", e);
        }
    }

    @Override
    public Class<T> getAggregateType() {
        return aggregateType;
    }
}
