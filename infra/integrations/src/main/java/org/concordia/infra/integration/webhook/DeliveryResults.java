package org.concordia.infra.integration.webhook;

import io.github.resilience4j.core.IntervalFunction;
import org.concordia.infra.integration.webhook.WebhookStore.Attempt;
import org.concordia.infra.integration.webhook.WebhookStore.Delivery;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What becomes of a delivery after an attempt, recorded in the {@link WebhookStore}: delivered, retried later
 * (after the endpoint's {@code Retry-After} or an exponential backoff with jitter), dead-lettered, or not sent
 * at all; and whether the subscription's line moves on or the subscription stops.
 */
final class DeliveryResults {

    // the engine's logger: operators tune webhook logging by one name
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryEngine.class);

    private final WebhookStore store;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final WebhookMetrics metrics;
    private final Clock clock;
    private final String nodeId;
    private final IntervalFunction backoff;

    DeliveryResults(WebhookStore store, WebhookSender sender, WebhookProperties properties, WebhookMetrics metrics,
                    Clock clock, String nodeId) {
        this.store = store;
        this.sender = sender;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        this.nodeId = nodeId;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(properties.initialBackoff(),
                                                                   properties.backoffMultiplier(),
                                                                   properties.backoffJitter(),
                                                                   properties.maxBackoff());
    }

    /** Records an attempt that was made (or failed before a request went out, then {@code response} is null). */
    void record(Subscription s, Delivery d, boolean manual, Instant started, long nanos,
                HttpResponse<?> response, String failure) {
        Integer status = response == null ? null : response.statusCode();
        boolean success = status != null && status >= 200 && status < 300;
        String error = failure != null ? failure : success ? null : "HTTP " + status;
        Attempt attempt = new Attempt(started, status, error, TimeUnit.NANOSECONDS.toMillis(nanos), manual);
        Instant now = clock.instant();
        metrics.attempt(success, nanos);
        if (success) {
            store.recordAttempt(d.id(), attempt, WebhookStore.DELIVERED, null, now);
            metrics.delivered();
            passOn(s, d, manual);
        } else if (status != null && status == 410) {
            store.recordAttempt(d.id(), attempt, WebhookStore.DEAD_LETTER, null, now);
            store.disable(s.id(), "the endpoint answered 410 Gone", now);
            metrics.disabled();
            log.info("webhook subscription {} disabled: {} answered 410 Gone", s.id(), s.url());
            passOn(s, d, manual);
        } else if (manual || scheduledAttempts(d) + 1 >= properties.maxAttempts()) {
            store.recordAttempt(d.id(), attempt, WebhookStore.DEAD_LETTER, null, now);
            metrics.deadLettered();
            passOn(s, d, manual);
        } else {
            Duration wait = sender.retryAfter(response, now).orElseGet(
                    () -> Duration.ofMillis(backoff.apply(scheduledAttempts(d) + 1)));
            Instant next = now.plus(wait);
            store.recordAttempt(d.id(), attempt, WebhookStore.PENDING, next, null);
            store.scheduleNext(s.id(), nodeId, next);
        }
    }

    /** The owner lost access: this delivery is not sent (dead-lettered, saying why) and the subscription stops. */
    void withdraw(Subscription s, Delivery d, boolean manual, Instant started, String reason) {
        Instant now = clock.instant();
        store.recordAttempt(d.id(), new Attempt(started, null, "not sent: " + reason, 0, manual),
                            WebhookStore.DEAD_LETTER, null, now);
        store.disable(s.id(), reason, now);
        metrics.disabled();
        log.info("webhook subscription {} disabled: {}", s.id(), reason);
    }

    /** The owner may no longer see the event: it is not sent (dead-lettered, saying why); the subscription goes on. */
    void notVisible(Subscription s, Delivery d, boolean manual, Instant started) {
        store.recordAttempt(d.id(), new Attempt(started, null, "not sent: the event is no longer visible to the "
                                                               + "subscription's owner " + s.createdBy(), 0, manual),
                            WebhookStore.DEAD_LETTER, null, clock.instant());
    }

    private void passOn(Subscription s, Delivery d, boolean manual) {
        if (manual) {
            store.manualRetryDone(s.id(), d.seq());
        } else {
            store.advance(s.id(), nodeId, d.seq() - 1);
        }
    }

    private static int scheduledAttempts(Delivery d) {
        return (int) d.attempts().stream().filter(a -> !a.manual()).count();
    }
}
