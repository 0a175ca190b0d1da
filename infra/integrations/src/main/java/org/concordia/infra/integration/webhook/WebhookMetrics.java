package org.concordia.infra.integration.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/** Micrometer meters: attempts (by outcome, timed), and deliveries delivered, dead-lettered, disabled. */
final class WebhookMetrics {
    private final MeterRegistry registry;

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every outcome from the start, at 0: a rate over a series that does not exist yet is no rate at all
        for (String outcome : new String[]{"delivered", "dead_letter", "disabled"}) {
            deliveries(outcome);
        }
        attempts(true);
        attempts(false);
    }

    void attempt(boolean success, long nanos) {
        attempts(success).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer attempts(boolean success) {
        return Timer.builder("concordia.webhooks.attempts").description("webhook HTTP attempts")
                    .tag("outcome", success ? "success" : "failure").register(registry);
    }

    private Counter deliveries(String outcome) {
        return Counter.builder("concordia.webhooks.deliveries")
                      .description("webhook deliveries by outcome: delivered, dead-lettered, subscription disabled")
                      .tag("outcome", outcome).register(registry);
    }

    void delivered() {
        deliveries("delivered").increment();
    }

    void deadLettered() {
        deliveries("dead_letter").increment();
    }

    void disabled() {
        deliveries("disabled").increment();
    }
}
