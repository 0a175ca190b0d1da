package org.concordia.infra.ops;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every event processor with its segments' positions and lag behind the head of the event store. A segment in an
 * error state makes the application DOWN: a projection that stopped must be seen, never skipped silently.
 */
@Component("eventProcessors")
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final ProjectionAdmin projections;

    EventProcessorsHealthIndicator(ProjectionAdmin projections) {
        super("Event processor health check failed");
        this.projections = projections;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ProjectionAdmin.ProjectionStatus> all = projections.all();
        Map<String, Object> processors = new LinkedHashMap<>();
        all.forEach(p -> processors.put(p.name(), p));
        boolean healthy = all.stream().allMatch(ProjectionAdmin.ProjectionStatus::healthy);
        (healthy ? builder.up() : builder.down())
                .withDetail("head", all.isEmpty() ? 0 : all.get(0).head())
                .withDetail("processors", processors);
    }
}
