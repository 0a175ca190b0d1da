package org.concordia.infra.integration.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.FeedVisibility;
import org.concordia.infra.integration.webhook.WebhookStore.Delivery;
import org.concordia.infra.integration.webhook.WebhookStore.Subscription;
import org.concordia.infra.lease.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Delivers the feed to webhook subscriptions. Each subscription has its own cursor over the feed and its own line
 * of deliveries, sent strictly in feed order with one request in flight at a time; a failed attempt is retried with
 * exponential backoff and jitter (or after the endpoint's {@code Retry-After}), then dead-lettered so the line moves
 * on ({@link DeliveryResults}). Requests are asynchronous ({@link WebhookSender}), so a slow or dead endpoint
 * holds no thread and delays no other subscription. A node works on a subscription only while it holds the subscription's lease in
 * MongoDB, so several nodes share the work without sending anything twice in the normal course (after a crash
 * between a success and its record, the same {@code webhook-id} is sent again: at-least-once).
 */
public class WebhookDeliveryEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryEngine.class);
    private static final int STEPS_PER_TURN = 10;

    private final WebhookStore store;
    private final Supplier<EventFeed> feed;
    private final OutboundUrlPolicy urlPolicy;
    private final SubscriptionAccess access;
    private final FeedVisibility visibility;
    private final WebhookProperties properties;
    private final Clock clock;
    private final WebhookSender sender;
    private final DeliveryResults results;
    private final Lease leases;
    private final String nodeId;
    /** Subscriptions this node is stepping or has a request in flight for: at most one each. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final Set<String> touched = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private volatile boolean running;

    public WebhookDeliveryEngine(WebhookStore store, Supplier<EventFeed> feed, SecretCipher cipher,
                                 OutboundUrlPolicy urlPolicy, SubscriptionAccess access, WebhookProperties properties,
                                 Clock clock, MeterRegistry meterRegistry) {
        this(store, feed, cipher, urlPolicy, access, FeedVisibility.EVERYTHING, properties, clock, meterRegistry);
    }

    /**
     * {@code visibility} decides, for the subscription's owner, which of its collaboration's events it may carry:
     * asked when deliveries are queued and again before each attempt (see {@link FeedVisibility}).
     */
    public WebhookDeliveryEngine(WebhookStore store, Supplier<EventFeed> feed, SecretCipher cipher,
                                 OutboundUrlPolicy urlPolicy, SubscriptionAccess access, FeedVisibility visibility,
                                 WebhookProperties properties, Clock clock, MeterRegistry meterRegistry) {
        this.visibility = visibility;
        this.store = store;
        this.feed = feed;
        this.urlPolicy = urlPolicy;
        this.access = access;
        this.properties = properties;
        this.clock = clock;
        this.leases = store.leases(Lease.newHolder(), properties.leaseDuration(), clock);
        this.nodeId = leases.holder();
        this.sender = new WebhookSender(cipher, properties, clock);
        this.results = new DeliveryResults(store, sender, properties, new WebhookMetrics(meterRegistry), clock, nodeId);
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("webhook-ticker"));
        this.workers = Executors.newFixedThreadPool(properties.workers(), daemon("webhook-worker"));
    }

    public void start() {
        running = true;
        long every = properties.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            touched.forEach(leases::release); // let another node take over at once
        } catch (RuntimeException e) {
            log.debug("could not release webhook leases", e);
        }
    }

    /** Wakes the engine now (e.g. after a manual retry) instead of at the next poll. */
    public void nudge(String subscriptionId) {
        if (running) {
            submit(subscriptionId);
        }
    }

    private void tick() {
        try {
            EventFeed events = feed.get();
            long head = events == null ? 0 : events.head();
            Instant now = clock.instant();
            for (Subscription s : store.all()) {
                if (s.active() && !busy.contains(s.id()) && hasWork(s, head, now)) {
                    submit(s.id());
                }
            }
        } catch (RuntimeException e) {
            log.warn("webhook poll failed; trying again at the next one", e);
        }
    }

    private static boolean hasWork(Subscription s, long head, Instant now) {
        boolean due = s.nextAttemptAt() == null || !s.nextAttemptAt().isAfter(now);
        return !s.manualRetries().isEmpty() || (s.doneSeq() < s.createdSeq() && due) || s.cursor() < head;
    }

    private void submit(String subscriptionId) {
        if (running && busy.add(subscriptionId)) {
            try {
                workers.execute(() -> step(subscriptionId));
            } catch (RuntimeException rejected) {
                busy.remove(subscriptionId);
            }
        }
    }

    private void step(String subscriptionId) {
        boolean inFlight = false;
        try {
            inFlight = stepLeased(subscriptionId);
        } catch (RuntimeException e) {
            log.warn("webhook subscription {}: step failed; retried at the next poll", subscriptionId, e);
        } finally {
            if (!inFlight) {
                busy.remove(subscriptionId);
            }
        }
    }

    /** @return true when a request is in flight (its completion frees the subscription) */
    private boolean stepLeased(String subscriptionId) {
        EventFeed events = feed.get();
        if (events == null) {
            return false;
        }
        for (int turn = 0; turn < STEPS_PER_TURN && running; turn++) {
            Instant now = clock.instant();
            Optional<Subscription> leased = store.acquireLease(subscriptionId, leases);
            if (leased.isEmpty() || !leased.get().active()) {
                return false;
            }
            touched.add(subscriptionId);
            Subscription s = leased.get();
            if (!s.manualRetries().isEmpty()) {
                long seq = s.manualRetries().get(0);
                Optional<Delivery> d = store.delivery(WebhookStore.deliveryId(s.id(), seq));
                if (d.isEmpty() || !WebhookStore.PENDING.equals(d.get().state())) {
                    store.manualRetryDone(s.id(), seq);
                    continue;
                }
                attempt(events, s, d.get(), true);
                return true;
            }
            if (s.doneSeq() < s.createdSeq()) {
                Delivery head = store.delivery(WebhookStore.deliveryId(s.id(), s.doneSeq() + 1))
                                     .orElseThrow(() -> new IllegalStateException("delivery log has a hole"));
                if (!WebhookStore.PENDING.equals(head.state())) {
                    store.advance(s.id(), nodeId, s.doneSeq()); // finished before a crash, not yet passed
                    continue;
                }
                if (head.nextAttemptAt() != null && head.nextAttemptAt().isAfter(now)) {
                    store.scheduleNext(s.id(), nodeId, head.nextAttemptAt());
                    return false;
                }
                attempt(events, s, head, false);
                return true;
            }
            if (!appendMatches(events, s, now)) {
                return false;
            }
        }
        return false;
    }

    /** Reads the feed after the cursor and records a delivery for each entry the subscription wants. */
    private boolean appendMatches(EventFeed events, Subscription s, Instant now) {
        List<FeedEntry> entries = events.after(s.cursor(), properties.feedBatch());
        if (entries.isEmpty()) {
            return false;
        }
        List<Delivery> fresh = new ArrayList<>();
        Predicate<FeedEntry> ownerSees = visibility.of(s.createdBy());
        for (FeedEntry entry : entries) {
            if (matches(s, entry) && ownerSees.test(entry) && !entry.storedAtOrBefore(s.storeHeadAtCreation())) {
                long seq = s.createdSeq() + fresh.size() + 1;
                fresh.add(new Delivery(WebhookStore.deliveryId(s.id(), seq), s.id(), seq, entry.position(),
                                       entry.event().getId(), entry.event().getType(), WebhookStore.PENDING,
                                       List.of(), null, now, null));
            }
        }
        return store.appendDeliveries(s, nodeId, fresh, entries.get(entries.size() - 1).position());
    }

    static boolean matches(Subscription s, FeedEntry entry) {
        return s.collaborationId().equals(entry.collaborationId())
               && (s.eventTypes().isEmpty() || s.eventTypes().contains(entry.event().getType()));
    }

    private void attempt(EventFeed events, Subscription s, Delivery d, boolean manual) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Optional<String> lost = access.lost(s);
        if (lost.isPresent()) {
            workers.execute(() -> withdraw(s, d, manual, started, lost.get()));
            return;
        }
        Optional<FeedEntry> entry = events.after(d.position() - 1, 1).stream()
                                          .filter(e -> e.position() == d.position()).findFirst();
        Optional<String> refused = urlPolicy.refusal(s.url());
        if (entry.isPresent() && !visibility.of(s.createdBy()).test(entry.get())) {
            // queued while its owner could see it; no longer (e.g. they left the tier a restricted issue is on)
            workers.execute(() -> notVisible(s, d, manual, started));
            return;
        }
        if (entry.isEmpty() || refused.isPresent()) {
            String error = entry.isEmpty() ? "event at feed position " + d.position() + " not found"
                                           : "refused: url " + refused.get();
            workers.execute(() -> finish(s, d, manual, started, t0, null, error));
            return;
        }
        sender.send(s, d, entry.get().event(), workers,
                    (response, error) -> finish(s, d, manual, started, t0, response, error));
    }

    private void finish(Subscription s, Delivery d, boolean manual, Instant started, long t0,
                        HttpResponse<?> response, String error) {
        try {
            results.record(s, d, manual, started, System.nanoTime() - t0, response, error);
        } catch (RuntimeException e) {
            log.warn("webhook subscription {}: could not record the attempt of {}", s.id(), d.id(), e);
        } finally {
            busy.remove(s.id());
            submit(s.id()); // the next delivery in line goes at once, not at the next poll
        }
    }

    private void withdraw(Subscription s, Delivery d, boolean manual, Instant started, String reason) {
        try {
            results.withdraw(s, d, manual, started, reason);
        } catch (RuntimeException e) {
            log.warn("webhook subscription {}: could not record that its owner lost access", s.id(), e);
        } finally {
            busy.remove(s.id()); // disabled: nothing more to submit
        }
    }

    private void notVisible(Subscription s, Delivery d, boolean manual, Instant started) {
        try {
            results.notVisible(s, d, manual, started);
        } catch (RuntimeException e) {
            log.warn("webhook subscription {}: could not record that {} is not sent", s.id(), d.id(), e);
        } finally {
            busy.remove(s.id());
            submit(s.id());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
