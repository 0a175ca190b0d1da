package org.concordia.infra.ops;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The state of every projection (event processor) and their replay: shared by health and the admin API. */
@Component
public class ProjectionAdmin {

    private static final Logger log = LoggerFactory.getLogger(ProjectionAdmin.class);

    public record SegmentStatus(int segment, long position, Long lag, boolean caughtUp, boolean replaying,
                                Double replayProgress, String error) {
    }

    public record ProjectionStatus(String name, boolean running, boolean error, long head,
                                   List<SegmentStatus> segments) {
        public boolean healthy() {
            return !error && segments.stream().allMatch(s -> s.error() == null);
        }
    }

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storageEngine;

    ProjectionAdmin(EventProcessingConfiguration processing, EventStorageEngine storageEngine) {
        this.processing = processing;
        this.storageEngine = storageEngine;
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
     * Rebuilds a projection from the first event: the processor stops, its tokens are reset (its reset handler
     * clears the read model) and it starts again; progress shows in {@link #one}.
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
        processor.get().shutDown();
        processor.get().resetTokens();
        processor.get().start();
        return true;
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor) {
        long head = storageEngine instanceof MongoEventStorageEngine mongo ? mongo.headPosition() : -1;
        List<SegmentStatus> segments = new ArrayList<>();
        for (Map.Entry<Integer, EventTrackerStatus> entry : new TreeMap<>(processor.processingStatus()).entrySet()) {
            EventTrackerStatus status = entry.getValue();
            long position = status.getCurrentPosition().orElse(0L);
            Double progress = null;
            if (status.isReplaying() && status.getResetPosition().isPresent()) {
                long resetAt = status.getResetPosition().getAsLong();
                progress = resetAt <= 0 ? 1.0 : Math.min(1.0, (double) position / resetAt);
            }
            segments.add(new SegmentStatus(entry.getKey(), position, head < 0 ? null : Math.max(0, head - position),
                                           status.isCaughtUp(), status.isReplaying(), progress,
                                           status.isErrorState() ? String.valueOf(status.getError()) : null));
        }
        return new ProjectionStatus(name, processor.isRunning(), processor.isError(), head, segments);
    }
}
