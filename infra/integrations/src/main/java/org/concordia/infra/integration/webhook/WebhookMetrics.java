package org.concordia.infra.integration.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** Micrometer meters: attempts (by outcome, timed), and deliveries delivered, dead-lettered, disabled. */
final class WebhookMetrics {
    private final MeterRegistry registry;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void attempt(boolean success, long nanos) {
        Timer.builder("concordia.webhooks.attempts").description("webhook HTTP attempts")
             .tag("outcome", success ? "success" : "failure").register(registry)
             .record(nanos, TimeUnit.NANOSECONDS);
    }

    void delivered() {
        registry.counter("concordia.webhooks.deliveries", "outcome", "delivered").increment();
    }

    void deadLettered() {
        registry.counter("concordia.webhooks.deliveries", "outcome", "dead_letter").increment();
    }

    void disabled() {
        registry.counter("concordia.webhooks.deliveries", "outcome", "disabled").increment();
    }
}
