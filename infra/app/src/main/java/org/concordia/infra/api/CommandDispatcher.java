package org.concordia.infra.api;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

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
import org.axonframework.config.Configuration;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
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
    private static final String EXPECTED_VERSION = "concordia.expectedVersion";
    private static final String EXPECTED_TYPE = "concordia.expectedVersionOf";
    private static final CommandTargetResolver TARGETS = AnnotationCommandTargetResolver.builder().build();

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

    /**
     * Within one node, commands on one aggregate take turns (Axon's aggregate lock); across nodes on one MongoDB, two
     * may load the same version and the second append fails on the unique sequence number, having written nothing.
     * That command is sent again on the aggregate as it now is (its rules and any {@code If-Match} judged anew), a few
     * times with jittered backoff, instead of answering 409 to a client that did nothing wrong.
     */
    private static final RetryConfig RACE_LOST = RetryConfig.custom()
            .maxAttempts(8)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(10), 2.0, 0.5,
                                                                          Duration.ofMillis(500)))
            .retryOnException(CommandDispatcher::lostTheRace)
            .build();

    private final CommandGateway commandGateway;
    private final Retry raceLost = Retry.of("command-race-lost", RACE_LOST);

    CommandDispatcher(CommandGateway commandGateway, CommandBus commandBus, EventStore eventStore,
                      ObjectProvider<Configuration> axonConfiguration) {
        this.commandGateway = commandGateway;
        commandBus.registerHandlerInterceptor(expectedVersionCheck(axonConfiguration));
        commandBus.registerHandlerInterceptor(versionReporter());
        eventStore.registerDispatchInterceptor(versionRecorder());
    }

    public Outcome dispatch(Object command) {
        return dispatch(command, Object.class, null);
    }

    /**
     * @param aggregateType   the type of the aggregate the command targets
     * @param expectedVersion the version of it the caller last saw ({@code If-Match}), or null
     */
    public Outcome dispatch(Object command, Class<?> aggregateType, Long expectedVersion) {
        MetaData metaData = MetaData.with(WANTS_VERSIONS, true);
        if (expectedVersion != null) {
            metaData = metaData.and(EXPECTED_VERSION, expectedVersion).and(EXPECTED_TYPE, aggregateType.getName());
        }
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command).andMetaData(metaData);
        Object result = raceLost.executeSupplier(() -> commandGateway.sendAndWait(message));
        return result instanceof Outcome outcome ? outcome : new Outcome(result, Map.of());
    }

    /** A concurrent append, however the command bus wrapped it; never a stale {@code If-Match} (412 at once). */
    private static boolean lostTheRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConflictingAggregateVersionException) {
                return false;
            }
            if (cause instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
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

    /**
     * {@code If-Match} is checked before the command handler runs, with the aggregate loaded (and so locked) in the
     * command's own unit of work: of several writers with the same expectation exactly one gets through, and a stale
     * one is refused before any rule is evaluated. (Axon's own check waits until commit, after the handler.)
     */
    private static MessageHandlerInterceptor<CommandMessage<?>> expectedVersionCheck(
            ObjectProvider<Configuration> axonConfiguration) {
        return (unitOfWork, chain) -> {
            CommandMessage<?> command = unitOfWork.getMessage();
            Object expected = command.getMetaData().get(EXPECTED_VERSION);
            if (expected instanceof Number expectedVersion) {
                Class<?> type = Class.forName((String) command.getMetaData().get(EXPECTED_TYPE));
                String aggregateId = TARGETS.resolveTarget(command).getIdentifier();
                Long actual = axonConfiguration.getObject().repository(type).load(aggregateId).version();
                if (actual == null || actual != expectedVersion.longValue()) {
                    throw new ConflictingAggregateVersionException(aggregateId, expectedVersion.longValue(),
                                                                   actual == null ? -1 : actual);
                }
            }
            return chain.proceed();
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
