package org.concordia.infra.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Meter names and tag keys as Prometheus expects them: snake_case. Axon's meters are camelCase
 * ({@code commandBus.successCounter}, tag {@code payloadType}), as are the names Spring Security derives from filter
 * class names; Prometheus's naming convention only turns dots into underscores, so {@code promtool check metrics}
 * refused them. Here {@code commandBus.successCounter{payloadType}} becomes
 * {@code command_bus_success_counter_total{payload_type}}. Tag values are left as they are.
 * <p>
 * Two JVM meters whose only unit is an abbreviation Prometheus tools refuse ({@code jvm_compilation_time_ms},
 * {@code process_cpu_time_ns}) are left out; {@code process_cpu_usage} and the GC pause timers say the same in
 * base units.
 */
final class PrometheusConventions implements MeterFilter {

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final List<String> ABBREVIATED_UNITS = List.of("ms", "ns");

    static String snakeCase(String name) {
        return CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit())
               ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = snakeCase(id.getName());
        boolean tagsChange = false;
        for (Tag tag : id.getTagsAsIterable()) {
            tagsChange |= !snakeCase(tag.getKey()).equals(tag.getKey());
        }
        if (name.equals(id.getName()) && !tagsChange) {
            return id;
        }
        List<Tag> renamed = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            renamed.add(Tag.of(snakeCase(tag.getKey()), tag.getValue()));
        }
        return id.withName(name).replaceTags(renamed);
    }
}
