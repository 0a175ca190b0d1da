package org.concordia.infra.api;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.List;

/**
 * Sends commands for the HTTP layer and reports the version of every aggregate the command changed (for
 * {@code ETag} and {@code {id, version}} responses), read from the events it recorded, not guessed afterwards.
 */
@Component
public class CommandDispatcher {

    private static final String WANTS_VERSIONS = "concordia.reportVersions";
    private static final String VERSIONS = "concordia.aggregateVersions";

    /** What a command did: its handler's result and each changed aggregate's version after it. */
    public record Outcome(Object result, Map<String, Long> versions) {
        public long versionOf(String aggregateId) {
            Long version = versions.get(aggregateId);
            if (version == null) {
                throw new IllegalStateException("the command recorded nothing for " + aggregateId);
            }
            return version;
        }
    }

    private final CommandGateway commandGateway;

    CommandDispatcher(CommandGateway commandGateway, CommandBus commandBus, EventStore eventStore) {
        this.commandGateway = commandGateway;
        commandBus.registerHandlerInterceptor(versionReporter());
        eventStore.registerDispatchInterceptor(versionRecorder());
    }

    public Outcome dispatch(Object command) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command)
                                                              .andMetaData(MetaData.with(WANTS_VERSIONS, true));
        Object result = commandGateway.sendAndWait(message);
        return result instanceof Outcome outcome ? outcome : new Outcome(result, Map.of());
    }

    private static MessageDispatchInterceptor<EventMessage<?>> versionRecorder() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
                return (index, event) -> {
                    if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getType() != null
                            && CurrentUnitOfWork.isStarted()) {
                        Map<String, Long> versions = CurrentUnitOfWork.get().root()
                                .getOrComputeResource(VERSIONS, key -> new ConcurrentHashMap<String, Long>());
                        versions.merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(),
                                       Math::max);
                    }
                    return event;
                };
            }
        };
    }

    private static MessageHandlerInterceptor<CommandMessage<?>> versionReporter() {
        return (unitOfWork, chain) -> {
            if (!Boolean.TRUE.equals(unitOfWork.getMessage().getMetaData().get(WANTS_VERSIONS))) {
                return chain.proceed();
            }
            // Filled as the events are published, which happens when the unit of work prepares to commit: after
            // this handler returns, before the caller receives the outcome.
            Map<String, Long> versions = unitOfWork.root()
                    .getOrComputeResource(VERSIONS, key -> new ConcurrentHashMap<String, Long>());
            return new Outcome(chain.proceed(), versions);
        };
    }
}
