package org.concordia.infra.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meter names, tag keys and help texts as Prometheus expects them, so that {@code promtool check metrics} on
 * {@code /actuator/prometheus} reports nothing:
 * <ul>
 *   <li>snake_case: Axon's meters are camelCase ({@code commandBus.successCounter}, tag {@code payloadType}), as
 *       are the names Spring Security derives from filter class names; Prometheus's naming convention only turns
 *       dots into underscores.</li>
 *   <li>no type in the name: Axon's {@code …Counter} suffix is dropped, so
 *       {@code commandBus.successCounter{payloadType}} becomes {@code command_bus_success_total{payload_type}}
 *       (its timers keep theirs, {@code command_bus_success_timer_seconds}: without it a timer and a counter would
 *       share a name, which the Prometheus registry refuses); Micrometer's gauge
 *       {@code system.cpu.count} (a {@code _count} suffix is reserved for histograms and summaries) becomes
 *       {@code system_cpu_available}.</li>
 *   <li>a help text on every family: meters registered without a description (Axon's, Spring's observations,
 *       Tomcat's sessions) get one here.</li>
 * </ul>
 * Tag values are left as they are. Two JVM meters whose only unit is an abbreviation Prometheus tools refuse
 * ({@code jvm_compilation_time_ms}, {@code process_cpu_time_ns}) are left out; {@code process_cpu_usage} and the
 * GC pause timers say the same in base units.
 */
final class PrometheusConventions implements MeterFilter {

    private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");
    private static final List<String> ABBREVIATED_UNITS = List.of("ms", "ns");
    /** Axon's message monitors: {@code <component>.<measure>Counter|Timer}, or {@code capacity} / {@code latency}. */
    private static final Pattern AXON = Pattern.compile(
            "(commandBus|eventProcessor|eventStore|queryBus|queryUpdateEmitter|deadlineManager)\\.(\\w+?)(Counter|Timer)?");
    private static final Map<String, String> RENAMED = Map.of("system.cpu.count", "system.cpu.available");
    private static final Map<String, String> AXON_COMPONENTS = Map.of(
            "commandBus", "commands on the command bus",
            "eventProcessor", "events in the event processors",
            "eventStore", "events appended to the event store",
            "queryBus", "queries on the query bus",
            "queryUpdateEmitter", "subscription query updates",
            "deadlineManager", "deadlines");
    private static final Map<String, String> AXON_MEASURES = Map.of(
            "ingested", "received",
            "success", "handled successfully",
            "failure", "whose handling failed",
            "ignored", "ignored (no handler)",
            "processed", "handled, successfully or not",
            "all", "handled, whatever the outcome");
    /** Help texts of meters registered without one, by the start of their original name. */
    private static final List<Map.Entry<String, String>> DESCRIPTIONS = List.of(
            Map.entry("http.server.requests.active", "HTTP requests being handled now"),
            Map.entry("http.server.requests", "HTTP requests handled, by method, route, status and outcome"),
            Map.entry("spring.security.authorizations", "Spring Security authorization decisions"),
            Map.entry("spring.security.http.secured.requests", "requests through Spring Security's filter chain"),
            Map.entry("spring.security.filterchains", "Spring Security filter chain observations"),
            Map.entry("tomcat.sessions.active.current", "Tomcat HTTP sessions open now"),
            Map.entry("tomcat.sessions.active.max", "the most Tomcat HTTP sessions open at once"),
            Map.entry("tomcat.sessions.alive.max", "the longest a Tomcat HTTP session has lived"),
            Map.entry("tomcat.sessions.created", "Tomcat HTTP sessions created"),
            Map.entry("tomcat.sessions.expired", "Tomcat HTTP sessions expired"),
            Map.entry("tomcat.sessions.rejected", "Tomcat HTTP sessions refused for want of room"));

    static String snakeCase(String name) {
        return CAMEL.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    }

    /** The Prometheus-style name, before the registry's naming convention adds units and suffixes. */
    static String name(String original) {
        String renamed = RENAMED.getOrDefault(original, original);
        Matcher axon = AXON.matcher(renamed);
        if (axon.matches() && "Counter".equals(axon.group(3))) {
            renamed = axon.group(1) + "." + axon.group(2);
        }
        return snakeCase(renamed);
    }

    /** A help text for a meter its source registered without one (never blank). */
    static String description(String original) {
        Matcher axon = AXON.matcher(original);
        if (axon.matches()) {
            String what = AXON_COMPONENTS.get(axon.group(1));
            String measure = axon.group(2);
            if ("capacity".equals(measure)) {
                return "Axon: busy handler threads for " + what + " (1 is one thread handling all the time)";
            }
            if ("latency".equals(measure)) {
                return "Axon: milliseconds between an event's timestamp and its handling, for " + what;
            }
            String outcome = AXON_MEASURES.getOrDefault(measure, measure);
            return "Timer".equals(axon.group(3)) ? "Axon: time taken by " + what + " " + outcome
                                                 : "Axon: " + what + " " + outcome;
        }
        for (Map.Entry<String, String> known : DESCRIPTIONS) {
            if (original.startsWith(known.getKey())) {
                return known.getValue() + " (" + original + ")";
            }
        }
        return original;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return id.getBaseUnit() != null && ABBREVIATED_UNITS.contains(id.getBaseUnit())
               ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        String name = name(id.getName());
        boolean tagsChange = false;
        for (Tag tag : id.getTagsAsIterable()) {
            tagsChange |= !snakeCase(tag.getKey()).equals(tag.getKey());
        }
        boolean undescribed = id.getDescription() == null || id.getDescription().isBlank();
        if (name.equals(id.getName()) && !tagsChange && !undescribed) {
            return id;
        }
        List<Tag> renamed = new ArrayList<>();
        for (Tag tag : id.getTagsAsIterable()) {
            renamed.add(Tag.of(snakeCase(tag.getKey()), tag.getValue()));
        }
        if (undescribed) {
            // Meter.Id has no withDescription: a new id (the same name, tags, unit and type)
            return new Meter.Id(name, Tags.of(renamed), id.getBaseUnit(), description(id.getName()), id.getType());
        }
        return id.withName(name).replaceTags(renamed);
    }
}
