package org.concordia.infra.ops;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every event processor with its segments' positions and lag behind the head of the event store. A segment in an
 * error state makes the application DOWN: a projection that stopped must be seen, never skipped silently.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storageEngine;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing, EventStorageEngine storageEngine) {
        super("Event processor health check failed");
        this.processing = processing;
        this.storageEngine = storageEngine;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        long head = storageEngine instanceof MongoEventStorageEngine mongo ? mongo.headPosition() : -1;
        boolean healthy = true;
        Map<String, Object> processors = new LinkedHashMap<>();
        for (var entry : processing.eventProcessors().entrySet()) {
            Map<String, Object> details = new LinkedHashMap<>();
            if (entry.getValue() instanceof StreamingEventProcessor streaming) {
                details.put("running", streaming.isRunning());
                details.put("error", streaming.isError());
                Map<String, Object> segments = new LinkedHashMap<>();
                for (Map.Entry<Integer, EventTrackerStatus> segment : streaming.processingStatus().entrySet()) {
                    EventTrackerStatus status = segment.getValue();
                    long position = status.getCurrentPosition().orElse(0L);
                    Map<String, Object> segmentDetails = new LinkedHashMap<>();
                    segmentDetails.put("position", position);
                    segmentDetails.put("lag", head < 0 ? null : Math.max(0, head - position));
                    segmentDetails.put("caughtUp", status.isCaughtUp());
                    segmentDetails.put("replaying", status.isReplaying());
                    if (status.isErrorState()) {
                        healthy = false;
                        segmentDetails.put("error", String.valueOf(status.getError()));
                    }
                    segments.put(String.valueOf(segment.getKey()), segmentDetails);
                }
                details.put("segments", segments);
                healthy &= !streaming.isError();
            }
            processors.put(entry.getKey(), details);
        }
        (healthy ? builder.up() : builder.down()).withDetail("head", head).withDetail("processors", processors);
    }
}
