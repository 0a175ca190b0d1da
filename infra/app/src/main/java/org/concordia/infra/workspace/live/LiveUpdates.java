package org.concordia.infra.workspace.live;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.FeedVisibility;
import org.concordia.infra.integration.feed.MongoEventFeed;
import org.concordia.infra.security.UserAccounts;
import org.concordia.infra.web.StreamsEndedBeforeShutdown;
import org.concordia.query.QuerySide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells open workspace pages that their collaboration changed, over SSE: {@code changed} for any event of the
 * collaboration (the dashboard redraws) and {@code issue-<id>} for an event of that issue (its page redraws).
 * The signal carries no data: the page fetches what its user may see through the usual membership check. One
 * poller watches the integration feed (the gap-free log every node writes to), so a change made on any node
 * reaches every node's pages; heartbeats keep idle connections open through proxies. A signal waits until the views
 * the pages read have caught up with the store (at most {@link #SETTLE_AT_MOST}), or the redrawn page would show the
 * state before the change; and a reader is told only of issues they may see (restricted issues, issue 15).
 */
@Component
public class LiveUpdates extends StreamsEndedBeforeShutdown {

    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final int BATCH = 500;
    /** Under a steady stream of writes the views may never be level with the head: signal anyway after this. */
    static final Duration SETTLE_AT_MOST = Duration.ofSeconds(5);

    private record Subscriber(SseEmitter emitter, String collaborationId, String username) {
    }

    private final MongoEventFeed feed;
    private final UserAccounts users;
    private final FeedVisibility visibility;
    private final EventProcessingConfiguration processing;
    private final QuerySide querySide;
    private final CommitLog commits;
    private Instant waitingSince;
    private final Duration timeout;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private volatile long seen = -1;

    LiveUpdates(MongoEventFeed feed, UserAccounts users, FeedVisibility visibility,
                EventProcessingConfiguration processing, QuerySide querySide, CommitLog commits,
                @Value("${concordia.workspace.live.poll-interval:500ms}") Duration pollInterval,
                @Value("${concordia.workspace.idle-timeout:15m}") Duration timeout) {
        this.feed = feed;
        this.users = users;
        this.visibility = visibility;
        this.processing = processing;
        this.querySide = querySide;
        this.commits = commits;
        this.timeout = timeout;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "workspace-live");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, pollInterval.toMillis(), pollInterval.toMillis(),
                                      TimeUnit.MILLISECONDS);
        poller.scheduleAtFixedRate(this::heartbeat, 15, 15, TimeUnit.SECONDS);
    }

    /**
     * Where the change signals stand now: a page reads this before it reads the views it shows, and passes it back
     * when it subscribes, so a change made between drawing the page and opening its stream is still signalled.
     */
    public long position() {
        long polled = seen; // while pages listen, the poller's position (an older one only repeats a signal)
        return polled >= 0 ? polled : feed.head();
    }

    /**
     * A stream of change signals for one collaboration; the caller has checked that the user is a member. It ends
     * at the first heartbeat after the user's account is disabled (the session itself ends at its next request).
     * {@code since}: the {@link #position()} the page was drawn at, or negative for "from now on".
     */
    public SseEmitter subscribe(String collaborationId, String username, long since) {
        // Ends with the idle timeout: a page left open does not keep a signed-out session's stream alive.
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Subscriber subscriber = new Subscriber(emitter, collaborationId, username);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        subscribers.add(subscriber);
        if (ending()) { // the node is going down (checked after adding: a stop meanwhile ended it or is seen here)
            endStreams();
            return emitter;
        }
        send(subscriber, SseEmitter.event().comment("listening"));
        if (since >= 0) {
            poller.execute(() -> catchUp(subscriber, since)); // on the poller's thread: no race with poll()
        }
        return emitter;
    }

    /** Signals what changed between the page's drawing and its subscription; poll() signals what follows. */
    private void catchUp(Subscriber subscriber, long since) {
        try {
            if (seen < 0) {
                seen = since;
                return;
            }
            List<FeedEntry> missed = feed.after(since, BATCH).stream().filter(e -> e.position() <= seen).toList();
            signal(subscriber, missed, visibility.of(subscriber.username()));
        } catch (RuntimeException e) {
            log.warn("Live updates: reading the feed failed; the page updates at the next change", e);
        }
    }

    private void poll() {
        try {
            if (subscribers.isEmpty()) {
                seen = -1; // nobody listens: start from the head when someone does
                return;
            }
            if (seen < 0) {
                seen = feed.head();
                return;
            }
            List<FeedEntry> entries = feed.after(seen, BATCH);
            if (entries.isEmpty()) {
                return;
            }
            if (!viewsCaughtUp()) {
                Instant now = Instant.now();
                if (waitingSince == null) {
                    waitingSince = now;
                }
                if (Duration.between(waitingSince, now).compareTo(SETTLE_AT_MOST) < 0) {
                    return; // the next poll looks again
                }
            }
            waitingSince = null;
            seen = entries.get(entries.size() - 1).position();
            Map<String, Predicate<FeedEntry>> visibleTo = new HashMap<>();
            for (Subscriber subscriber : subscribers) {
                signal(subscriber, entries, visibleTo.computeIfAbsent(subscriber.username(), visibility::of));
            }
        } catch (RuntimeException e) {
            log.warn("Live updates: reading the feed failed; retrying", e);
        }
    }

    private void signal(Subscriber subscriber, List<FeedEntry> entries, Predicate<FeedEntry> visible) {
        Set<String> issues = new LinkedHashSet<>();
        boolean changed = false;
        for (FeedEntry entry : entries) {
            if (subscriber.collaborationId().equals(entry.collaborationId()) && visible.test(entry)) {
                changed = true;
                if (entry.event().getSubject() != null) {
                    issues.add(entry.event().getSubject());
                }
            }
        }
        if (changed) {
            send(subscriber, SseEmitter.event().name("changed").data(issues.size()));
            for (String issueId : issues) {
                send(subscriber, SseEmitter.event().name("issue-" + issueId).data(issueId));
            }
        }
    }

    /** Whether every query-side projection has applied every event stored so far. */
    private boolean viewsCaughtUp() {
        long head = commits.headPosition();
        for (String name : querySide.projectionsByGroup().keySet()) {
            StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                                                          .orElse(null);
            if (processor == null || !processor.isRunning()) {
                continue;
            }
            for (EventTrackerStatus status : processor.processingStatus().values()) {
                if (status.getCurrentPosition().orElse(0L) < head) {
                    return false;
                }
            }
        }
        return true;
    }

    private void heartbeat() {
        try {
            Map<String, Boolean> enabled = new HashMap<>();
            for (Subscriber subscriber : subscribers) {
                if (enabled.computeIfAbsent(subscriber.username(),
                        user -> users.find(user).map(UserAccounts.Account::enabled).orElse(false))) {
                    send(subscriber, SseEmitter.event().comment("keep-alive"));
                } else {
                    subscribers.remove(subscriber);
                    subscriber.emitter().complete();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Live updates: the heartbeat failed; retrying", e);
        }
    }

    private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
        if (!deliver(subscriber.emitter(), event)) {
            subscribers.remove(subscriber);
        }
    }

    /**
     * Sends one event; false when the page has gone. Never throws: the container may have ended a stream whose page
     * went away (completing it then throws too), and an exception here would cost every page after it in the poll
     * its signal, the poll having already moved past the entries.
     */
    static boolean deliver(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
            return true;
        } catch (IOException | RuntimeException gone) {
            try {
                emitter.completeWithError(gone);
            } catch (RuntimeException alreadyEnded) {
                // the container ended it first
            }
            return false;
        }
    }

    @PreDestroy
    void shutdown() {
        poller.shutdownNow();
        endStreams();
    }

    /** The pages' EventSources reconnect by themselves. */
    @Override
    protected void endStreams() {
        for (Subscriber subscriber : subscribers) {
            subscribers.remove(subscriber);
            try {
                subscriber.emitter().complete();
            } catch (RuntimeException alreadyCompleted) {
                // the container finished it first
            }
        }
    }
}
