package org.concordia.infra.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PreDestroy;
import org.concordia.infra.audit.AuditService;
import org.concordia.infra.eventstore.CommitLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the stores, refreshed in the background ({@code concordia.metrics.refresh-interval}) so that a
 * scrape never waits on MongoDB:
 * <ul>
 *   <li>{@code concordia_processor_lag_events{processor, segment}}: events each segment of each processor is behind
 *   the head of the event store (the same numbers as {@code /actuator/health} and the admin projections API);</li>
 *   <li>{@code concordia_audit_lag_events}: events recorded but not yet in the audit hash chain;</li>
 *   <li>{@code concordia_events_head}: the position of the newest event.</li>
 * </ul>
 */
@Component
class OperationsGauges {

    private static final Logger log = LoggerFactory.getLogger(OperationsGauges.class);

    private final ProjectionAdmin projections;
    private final CommitLog commits;
    private final AuditService audit;
    private final MultiGauge processorLag;
    private final AtomicLong auditLag = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "metrics-refresh");
        thread.setDaemon(true);
        return thread;
    });

    OperationsGauges(ProjectionAdmin projections, CommitLog commits, AuditService audit, MeterRegistry registry,
                     @Value("${concordia.metrics.refresh-interval:10s}") Duration interval) {
        this.projections = projections;
        this.commits = commits;
        this.audit = audit;
        this.processorLag = MultiGauge.builder("concordia.processor.lag").baseUnit("events")
                .description("events a processor segment is behind the head of the event store")
                .register(registry);
        Gauge.builder("concordia.audit.lag", auditLag, AtomicLong::get).baseUnit("events")
             .description("events recorded but not yet chained into the audit log").register(registry);
        Gauge.builder("concordia.events.head", head, AtomicLong::get)
             .description("the global position of the newest event").register(registry);
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            long newest = commits.headPosition();
            head.set(newest);
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (ProjectionAdmin.ProjectionStatus processor : projections.all()) {
                for (ProjectionAdmin.SegmentStatus segment : processor.segments()) {
                    if (segment.lag() != null) {
                        rows.add(MultiGauge.Row.of(Tags.of("processor", processor.name(),
                                                           "segment", Integer.toString(segment.segment())),
                                                   segment.lag()));
                    }
                }
            }
            processorLag.register(rows, true);
            auditLag.set(Math.max(0, newest - audit.chain().records().state().lastPosition()));
        } catch (RuntimeException e) {
            log.debug("metrics refresh failed; the gauges keep their last values", e);
        }
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
