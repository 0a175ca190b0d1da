package org.concordia.infra.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.concordia.kernel.shared.DomainRuleViolation;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/**
 * {@code concordia_commands_seconds{type, outcome}}: every command handled, timed, by its type (the command's simple
 * name, e.g. RaiseIssue) and outcome — {@code success} (committed), {@code refused} (a domain rule:
 * the 403/409 of the API), {@code conflict} (a stale {@code If-Match} or a concurrent write), {@code invalid}
 * (refused input) or {@code error} (anything else). Axon's own command bus meters count by payload type but not
 * by what became of the command.
 */
@Component
class CommandMetrics {

    static final String NAME = "concordia.commands";

    private final MeterRegistry registry;

    CommandMetrics(CommandBus commandBus, MeterRegistry registry) {
        this.registry = registry;
        commandBus.registerHandlerInterceptor(timing());
    }

    private MessageHandlerInterceptor<CommandMessage<?>> timing() {
        return (unitOfWork, chain) -> {
            long start = System.nanoTime();
            String type = unitOfWork.getMessage().getPayloadType().getSimpleName();
            unitOfWork.afterCommit(u -> record(type, "success", start));
            unitOfWork.onRollback(u -> record(type, outcome(u.getExecutionResult() == null ? null
                    : u.getExecutionResult().getExceptionResult()), start));
            return chain.proceed();
        };
    }

    static String outcome(Throwable failure) {
        if (failure instanceof DomainRuleViolation) {
            return "refused";
        }
        if (failure instanceof ConcurrencyException) {
            return "conflict";
        }
        if (failure instanceof IllegalArgumentException) {
            return "invalid";
        }
        return "error";
    }

    private void record(String type, String outcome, long start) {
        Timer.builder(NAME).description("commands handled, by type and outcome")
             .tag("type", type).tag("outcome", outcome)
             .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
