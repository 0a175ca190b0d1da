package org.concordia.infra.ops;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.query.QuerySide;
import org.concordia.query.support.Generations;
import org.concordia.query.support.ReadModelRetention;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The state of every projection (event processor) and their replay: shared by health and the admin API. A replay of
 * a query-side projection rebuilds into a new collection generation while queries are answered from the old one;
 * every {@value #CHECK_MILLIS} ms this node checks whether a replay it runs has caught up, and then switches the
 * queries over ({@link QuerySide#completeRebuild}).
 */
@Component
public class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    public record SegmentStatus(int segment, long position, Long lag, boolean caughtUp, boolean replaying,
                                Double replayProgress, String error) {
    }

    /**
     * {@code servingGeneration}/{@code buildingGeneration}: the collection generation queries read and the one a
     * replay is rebuilding (null when none; both null for processors without generations). A replay is over, and
     * its result served, when {@code buildingGeneration} is null again.
     */
    public record ProjectionStatus(String name, boolean running, boolean error, long head,
                                   List<SegmentStatus> segments, Long servingGeneration, Long buildingGeneration) {
        public boolean healthy() {
            return !error && segments.stream().allMatch(s -> s.error() == null);
        }
    }

    static final long CHECK_MILLIS = 500;

    private final EventProcessingConfiguration processing;
    private final CommitLog commits;
    private final QuerySide querySide;
    private final TokenStore tokenStore;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "projection-rebuilds");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionAdmin(EventProcessingConfiguration processing, CommitLog commits, QuerySide querySide,
                    TokenStore tokenStore) {
        this.processing = processing;
        this.commits = commits;
        this.querySide = querySide;
        this.tokenStore = tokenStore;
    }

    /** Rebuilds are completed once processors run. */
    @EventListener(ApplicationReadyEvent.class)
    void startRebuildChecks() {
        checks.scheduleWithFixedDelay(this::completeRebuilds, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopRebuildChecks() {
        checks.shutdownNow();
    }

    /** Switches the queries of every projection whose replay has caught up; drops retired generations. */
    void completeRebuilds() {
        for (String name : querySide.projectionsByGroup().keySet()) {
            try {
                Generations.State state = querySide.generations(name).orElseThrow().state();
                if (!state.rebuilding() && state.retired() == null) {
                    continue;
                }
                Optional<StreamingEventProcessor> processor =
                        processing.eventProcessor(name, StreamingEventProcessor.class);
                if (processor.isEmpty()) {
                    continue;
                }
                Generations.Outcome outcome = querySide.completeRebuild(name, processor.get().processingStatus(),
                                                                        tokenStore.fetchSegments(name).length,
                                                                        clock.instant());
                switch (outcome) {
                    case SWITCHED -> log.info("Replay of {} has caught up: queries now read generation {}", name,
                                              state.building());
                    case ABANDONED -> log.warn("Rebuild of {} never started (its tokens were not reset): abandoned",
                                               name);
                    case DROPPED -> log.info("Dropped generation {} of {}", state.retired(), name);
                    default -> {
                    }
                }
            } catch (RuntimeException e) {
                log.warn("Checking the rebuild of {} failed; will retry", name, e);
            }
        }
    }

    public List<ProjectionStatus> all() {
        List<ProjectionStatus> all = new ArrayList<>();
        new TreeMap<>(processing.eventProcessors()).forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                all.add(status(name, streaming));
            }
        });
        return all;
    }

    public Optional<ProjectionStatus> one(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).map(p -> status(name, p));
    }

    /**
     * Rebuilds a projection from the first event: the processor stops, its tokens are reset and it starts again;
     * progress shows in {@link #one}. A query-side projection rebuilds into a new collection generation, and queries
     * read the old one (as it stood when the replay began) until the replay has caught up ({@link QuerySide#replay}).
     *
     * @return false when there is no such projection, or it may not be rebuilt (the integration feed: its
     *         positions are a contract with consumers)
     */
    public boolean replay(String name) {
        Optional<StreamingEventProcessor> processor = processing.eventProcessor(name, StreamingEventProcessor.class);
        if (processor.isEmpty() || !processor.get().supportsReset()) {
            return false;
        }
        log.info("Replaying projection {} on request", name);
        awaitWorker(processor.get()); // not stopped while still launching its worker (see below)
        try {
            if (querySide.generations(name).isPresent()) {
                try {
                    return querySide.replay(name, processor.get());
                } catch (ReadModelRetention.HeldException held) {
                    throw new ErrorResponseException(HttpStatus.CONFLICT,
                            ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, held.getMessage()), held);
                }
            }
            processor.get().shutDown();
            try {
                processor.get().resetTokens();
            } finally {
                processor.get().start();
            }
            return true;
        } finally {
            keepWorking(processor.get());
        }
    }

    /**
     * Axon can leave a tracking processor running without a worker when it is stopped while its launcher is still
     * starting one and then started again (the AxonFramework#2293 family): at a first start, the upgrade's replay
     * left {@code collaborations} so, unbuilt until the next restart. Started again until its segments are worked.
     */
    private void keepWorking(StreamingEventProcessor processor) {
        for (int attempt = 0; attempt < 3 && !awaitWorker(processor); attempt++) {
            log.info("Processor {} was started without a worker: starting it again", processor.getName());
            processor.shutDown();
            processor.start();
        }
    }

    /**
     * Waits a few seconds until a running tracking processor works a segment here, or its tokens exist and none is
     * left unclaimed (another node works them); false if that does not happen.
     */
    private boolean awaitWorker(StreamingEventProcessor processor) {
        if (!(processor instanceof TrackingEventProcessor tracking)) {
            return true;
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (tracking.isRunning() && tracking.activeProcessorThreads() == 0) {
            if (tokenStore.fetchSegments(tracking.getName()).length > 0
                    && tokenStore.fetchAvailableSegments(tracking.getName()).isEmpty()) {
                return true; // its tokens exist and are all claimed: by another node
            }
            if (System.nanoTime() > until) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor) {
        long head = commits.headPosition();
        List<SegmentStatus> segments = new ArrayList<>();
        for (Map.Entry<Integer, EventTrackerStatus> entry : new TreeMap<>(processor.processingStatus()).entrySet()) {
            EventTrackerStatus status = entry.getValue();
            long position = status.getCurrentPosition().orElse(0L);
            Double progress = null;
            if (status.isReplaying() && status.getResetPosition().isPresent()) {
                long resetAt = status.getResetPosition().getAsLong();
                progress = resetAt <= 0 ? 1.0 : Math.min(1.0, (double) position / resetAt);
            }
            segments.add(new SegmentStatus(entry.getKey(), position, Math.max(0, head - position),
                                           status.isCaughtUp(), status.isReplaying(), progress,
                                           status.isErrorState() ? String.valueOf(status.getError()) : null));
        }
        Optional<Generations.State> generations = querySide.generations(name).map(Generations::state);
        return new ProjectionStatus(name, processor.isRunning(), processor.isError(), head, segments,
                                    generations.map(Generations.State::serving).orElse(null),
                                    generations.map(Generations.State::building).orElse(null));
    }
}
