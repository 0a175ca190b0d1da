package org.concordia.infra.api.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.concordia.infra.integration.feed.CloudEventMapper;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.MongoEventFeed;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.StreamsEndedBeforeShutdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The SSE stream's dispatcher: ONE poller thread watches the feed's head and keeps the newest entries in memory;
 * a small shared pool of sender threads pushes to the subscribers, each subscriber drained by at most one sender
 * at a time and for a bounded turn, so many subscribers need no thread each and a slow one holds up only itself (a
 * write stuck on a dead connection ends with the servlet container's write timeout, then the subscriber is
 * dropped; it resumes with Last-Event-ID). Subscribers behind the in-memory window catch up from MongoDB.
 */
@Component
public class FeedStream extends StreamsEndedBeforeShutdown {

    private static final Logger log = LoggerFactory.getLogger(FeedStream.class);
    /** Entries kept in memory for subscribers that are (nearly) caught up. */
    private static final int RECENT_WINDOW = 4096;
    /** Entries one subscriber is sent per turn before others get a sender. */
    private static final int TURN = 500;
    private static final int SENDERS = 4;
    private static final long RECONNECT_MILLIS = 2000;

    private final MongoEventFeed feed;
    private final UserAccounts users;
    private final RestrictedIssueFeedVisibility entryVisibility;
    private final Duration heartbeat;
    private final Duration timeout;
    /** How long a subscriber's rights (account enabled, memberships, restrictions) are trusted before asked again. */
    private final Duration membershipRefresh;
    private final ScheduledExecutorService poller;
    private final ExecutorService senders;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ConcurrentSkipListMap<Long, FeedEntry> recent = new ConcurrentSkipListMap<>();
    private volatile long polledHead;

    FeedStream(MongoEventFeed feed, UserAccounts users, RestrictedIssueFeedVisibility entryVisibility,
               @Value("${concordia.feed.stream.poll-interval:250ms}") Duration pollInterval,
               @Value("${concordia.feed.stream.heartbeat:15s}") Duration heartbeat,
               @Value("${concordia.feed.stream.timeout:30m}") Duration timeout,
               @Value("${concordia.feed.stream.membership-refresh:10s}") Duration membershipRefresh,
               MeterRegistry meters) {
        this.feed = feed;
        this.users = users;
        this.entryVisibility = entryVisibility;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.membershipRefresh = membershipRefresh;
        this.poller = Executors.newSingleThreadScheduledExecutor(named("feed-stream-poller"));
        this.senders = Executors.newFixedThreadPool(SENDERS, named("feed-stream-sender"));
        this.polledHead = feed.head();
        Gauge.builder("concordia.feed.stream.subscribers", subscribers, Set::size)
             .description("open Server-Sent Events streams of the event feed on this node").register(meters);
        poller.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        poller.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stream of the entries after {@code after} that the caller may see, then of new ones as they come. */
    public SseEmitter subscribe(Authentication caller, long after) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, caller, after);
        emitter.onCompletion(subscriber::completed);
        emitter.onTimeout(subscriber::close);
        emitter.onError(e -> subscriber.close());
        subscribers.add(subscriber);
        if (ending()) { // the node is going down (checked after adding: a stop meanwhile ended it or is seen here)
            endStreams();
            return emitter;
        }
        subscriber.greet();
        subscriber.wake();
        return emitter;
    }

    /** The feed's head now (not the poller's last look, which may be a poll interval behind). */
    public long head() {
        return Math.max(polledHead, feed.head());
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private void poll() {
        try {
            long head = polledHead;
            List<FeedEntry> page;
            do {
                page = feed.after(head, 500);
                for (FeedEntry entry : page) {
                    recent.put(entry.position(), entry);
                    head = entry.position();
                }
            } while (page.size() == 500);
            while (recent.size() > RECENT_WINDOW) {
                recent.pollFirstEntry();
            }
            if (head > polledHead) {
                polledHead = head;
                subscribers.forEach(Subscriber::wake);
            }
        } catch (RuntimeException e) {
            log.warn("Polling the feed failed; trying again", e);
        }
    }

    private void heartbeat() {
        subscribers.forEach(Subscriber::heartbeatDue);
    }

    /** The clients reconnect with Last-Event-ID (to another node, or to this one when it is back) and miss nothing. */
    @Override
    protected void endStreams() {
        subscribers.forEach(Subscriber::close);
    }

    @PreDestroy
    void shutdown() {
        poller.shutdownNow();
        endStreams();
        senders.shutdown();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }

    private final class Subscriber {
        private final SseEmitter emitter;
        private final Authentication caller;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final AtomicBoolean heartbeat = new AtomicBoolean();
        private volatile boolean closed;
        /** The last position looked at: sent, or not visible to this subscriber. */
        private long cursor;
        private Predicate<String> visible;
        /** Of the entries of visible collaborations, those not of an issue restricted from the subscriber. */
        private Predicate<FeedEntry> visibleEntry;
        private long visibleSince;

        Subscriber(SseEmitter emitter, Authentication caller, long after) {
            this.emitter = emitter;
            this.caller = caller;
            this.cursor = after;
        }

        void greet() {
            try {
                emitter.send(SseEmitter.event().reconnectTime(RECONNECT_MILLIS).comment("concordia event feed"));
            } catch (IOException | IllegalStateException e) {
                close();
            }
        }

        void heartbeatDue() {
            heartbeat.set(true);
            wake();
        }

        void wake() {
            if (!closed && scheduled.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    scheduled.set(false);
                }
            }
        }

        private void drain() {
            boolean progressed = false;
            try {
                visibility(); // also on heartbeats, so a disabled account's stream ends without waiting for events
                int sent = 0;
                while (!closed && cursor < polledHead && sent < TURN) {
                    long before = cursor;
                    sent += sendSome(TURN - sent);
                    if (cursor == before) {
                        break; // nothing readable yet: wait for the next wake
                    }
                    progressed = true;
                }
                if (heartbeat.getAndSet(false) && !closed) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                }
            } catch (IOException | RuntimeException e) {
                // a client gone away (or the container refusing the write): the client resumes with Last-Event-ID
                log.debug("Closing a feed stream subscriber of {}: {}", caller.getName(), e.toString());
                close();
            } finally {
                scheduled.set(false);
            }
            if (!closed && ((progressed && cursor < polledHead) || heartbeat.get())) {
                wake(); // its turn is over: back of the queue, behind the other subscribers
            }
        }

        /** Sends what comes after the cursor, from memory when the window reaches back to it, otherwise from MongoDB. */
        private int sendSome(int max) throws IOException {
            Predicate<String> mayRead = visibility();
            Map.Entry<Long, FeedEntry> oldest = recent.firstEntry();
            List<FeedEntry> entries = new ArrayList<>();
            long lastLooked;
            if (oldest != null && oldest.getKey() <= cursor + 1) {
                lastLooked = cursor;
                for (FeedEntry entry : recent.tailMap(cursor, false).values()) {
                    if (entry.position() != lastLooked + 1 || entries.size() == max) {
                        break;
                    }
                    lastLooked = entry.position();
                    if (mayRead.test(entry.collaborationId()) && visibleEntry.test(entry)) {
                        entries.add(entry);
                    }
                }
            } else {
                MongoEventFeed.Scan scan = feed.scan(cursor, Math.min(max, 200), 2000, mayRead, visibleEntry);
                entries.addAll(scan.entries());
                lastLooked = scan.lastScanned();
            }
            for (FeedEntry entry : entries) {
                emitter.send(SseEmitter.event().id(Long.toString(entry.position()))
                                       .name(entry.event().getType())
                                       .data(CloudEventMapper.serializeToString(entry.event())));
                cursor = entry.position();
            }
            cursor = Math.max(cursor, lastLooked);
            return Math.max(1, entries.size());
        }

        private Predicate<String> visibility() {
            long now = System.nanoTime();
            if (visible == null || now - visibleSince > membershipRefresh.toNanos()) {
                // Authentication was checked once, at connection; a stream outlives it, so ask again.
                if (users.find(caller.getName()).map(account -> !account.enabled()).orElse(false)) {
                    throw new IllegalStateException("the account " + caller.getName() + " was disabled");
                }
                visible = FeedAccess.visibleTo(caller, feed);
                visibleEntry = FeedAccess.entriesVisibleTo(caller, entryVisibility);
                visibleSince = now;
            }
            return visible;
        }

        /** The container finished the response (client gone, timeout, shutdown): send nothing more. */
        void completed() {
            closed = true;
            subscribers.remove(this);
        }

        void close() {
            if (!closed) {
                closed = true;
                subscribers.remove(this);
                try {
                    emitter.complete();
                } catch (RuntimeException e) {
                    // already completed by the container
                }
            }
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
