package org.concordia.infra.ops;

import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prometheus} read as a Prometheus server reads it: every line parsed strictly per the text
 * exposition format (0.0.4), metric and label names in snake_case (what {@code promtool check metrics} asks), each
 * family typed once, and the meters operators watch present: HTTP requests, commands by type and outcome, processor
 * lag per segment, webhook deliveries by outcome, open SSE streams, audit-chain lag.
 */
class PrometheusExpositionHttpTest {

    private static final Pattern HELP = Pattern.compile("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$");
    private static final Pattern TYPE = Pattern.compile(
            "^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$");
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: (-?\\d+))?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern SNAKE_METRIC = Pattern.compile("[a-z_:][a-z0-9_:]*");
    private static final Pattern SNAKE_LABEL = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern VALUE = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|[-+]?Inf|NaN");

    record Sample(String name, Map<String, String> labels, String value) {
    }

    @TempDir
    Path dataDir;

    @Test
    void theExpositionParsesStrictlyWithSnakeCaseNamesAndHasTheOperatorsMeters() throws IOException {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.metrics.refresh-interval=200ms")) {
            RunningApp.Call cora = app.user("cora");
            assertThat(cora.post("/api/v1/collaborations", Map.of("key", "PROM", "name", "P", "kind", "OTHER"))
                           .status()).isEqualTo(201);
            // a command refused by a rule: a second collaboration with the same key
            cora.post("/api/v1/collaborations", Map.of("key", "PROM", "name", "P", "kind", "OTHER"));

            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    parse(app.anonymous().get("/actuator/prometheus", "text/plain").body()))
                    .anySatisfy(s -> assertThat(s.name()).isEqualTo("concordia_processor_lag_events")));

            RunningApp.Response scrape = app.anonymous().get("/actuator/prometheus", "text/plain;version=0.0.4");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).startsWith("text/plain");
            List<Sample> samples = parse(scrape.body());

            for (Sample sample : samples) {
                assertThat(sample.name()).as("metric name").matches(SNAKE_METRIC);
                sample.labels().keySet().forEach(label -> assertThat(label).as("label of %s", sample.name())
                                                                           .matches(SNAKE_LABEL));
            }
            assertThat(scrape.body()).doesNotContain("payloadType", "processorName", "commandBus", "eventProcessor");
            // what promtool check metrics lints beyond the format: a help text on every family, no counter or gauge in a
            // name, _count only on histograms and summaries
            assertThat(helpTexts(scrape.body()).keySet()).containsAll(types(scrape.body()).keySet());
            assertThat(helpTexts(scrape.body())).allSatisfy((family, help) -> assertThat(help).as("HELP of %s", family)
                                                                                     .isNotBlank());
            assertThat(types(scrape.body())).allSatisfy((family, type) -> {
                assertThat(family).doesNotContain("_counter", "_gauge");
                if (!type.equals("histogram") && !type.equals("summary")) {
                    assertThat(family).doesNotEndWith("_count").doesNotEndWith("_sum").doesNotEndWith("_bucket");
                }
            });

            assertThat(series(samples, "http_server_requests_seconds_count"))
                    .anySatisfy(l -> assertThat(l).containsKeys("method", "uri", "status", "outcome"));
            assertThat(series(samples, "concordia_commands_seconds_count"))
                    .anySatisfy(l -> assertThat(l).containsEntry("type", "RegisterCollaboration")
                                                  .containsEntry("outcome", "success"));
            assertThat(series(samples, "concordia_processor_lag_events"))
                    .anySatisfy(l -> assertThat(l).containsKeys("processor", "segment"));
            assertThat(series(samples, "concordia_webhooks_deliveries_total"))
                    .extracting(l -> l.get("outcome")).contains("delivered", "dead_letter", "disabled");
            assertThat(series(samples, "concordia_feed_stream_subscribers")).hasSize(1);
            assertThat(series(samples, "concordia_audit_lag_events")).hasSize(1);
            assertThat(series(samples, "concordia_events_head")).hasSize(1);
            assertThat(series(samples, "command_bus_success_total"))
                    .anySatisfy(l -> assertThat(l).containsKey("payload_type"));
            assertThat(series(samples, "event_processor_latency"))
                    .anySatisfy(l -> assertThat(l).containsKey("processor_name"));

            // the Grafana dashboard is built on these names: each metric it queries is served
            Set<String> served = new HashSet<>();
            samples.forEach(s -> served.add(s.name()));
            Matcher used = Pattern.compile("\\b((?:concordia|http_server|event_processor|jvm)_[a-z0-9_]+)")
                                  .matcher(Files.readString(Path.of("../../docs/grafana-dashboard.json")));
            List<String> queried = new ArrayList<>();
            while (used.find()) {
                queried.add(used.group(1));
            }
            assertThat(queried).isNotEmpty();
            assertThat(queried).as("metrics docs/grafana-dashboard.json queries").allSatisfy(
                    name -> assertThat(served).anySatisfy(sample -> assertThat(sample).startsWith(name)));
        }
    }

    @Test
    void axonsCounterSuffixIsDroppedAndUndescribedMetersGetAHelpText() {
        assertThat(PrometheusConventions.name("commandBus.successCounter")).isEqualTo("command_bus.success");
        assertThat(PrometheusConventions.name("eventProcessor.allTimer")).isEqualTo("event_processor.all_timer");
        assertThat(PrometheusConventions.name("eventProcessor.latency")).isEqualTo("event_processor.latency");
        assertThat(PrometheusConventions.name("system.cpu.count")).isEqualTo("system.cpu.available");
        assertThat(PrometheusConventions.name("http.server.requests")).isEqualTo("http.server.requests");
        assertThat(PrometheusConventions.description("commandBus.failureCounter"))
                .isEqualTo("Axon: commands on the command bus whose handling failed");
        assertThat(PrometheusConventions.description("eventStore.successTimer"))
                .isEqualTo("Axon: time taken by events appended to the event store handled successfully");
        assertThat(PrometheusConventions.description("tomcat.sessions.created")).startsWith("Tomcat HTTP sessions");
        assertThat(PrometheusConventions.description("some.other.meter")).isEqualTo("some.other.meter");
    }

    @Test
    void camelCaseNamesAndTagKeysBecomeSnakeCase() {
        assertThat(PrometheusConventions.snakeCase("commandBus.successCounter")).isEqualTo("command_bus.success_counter");
        assertThat(PrometheusConventions.snakeCase("payloadType")).isEqualTo("payload_type");
        assertThat(PrometheusConventions.snakeCase("spring.security.filterchains.ApiTokenAuthenticationFilter.before"))
                .isEqualTo("spring.security.filterchains.api_token_authentication_filter.before");
        assertThat(PrometheusConventions.snakeCase("http.server.requests")).isEqualTo("http.server.requests");
    }

    /** Parses the text format strictly: any line that is not a comment, HELP, TYPE or sample fails. */
    static List<Sample> parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        Set<String> typed = new HashSet<>();
        Set<String> helped = new HashSet<>();
        Map<String, String> types = new HashMap<>();
        for (String line : exposition.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertThat(helped.add(m.group(1))).as("one HELP for %s", m.group(1)).isTrue();
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertThat(typed.add(m.group(1))).as("one TYPE for %s", m.group(1)).isTrue();
                types.put(m.group(1), m.group(2));
            } else if (line.startsWith("#")) {
                continue;
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                assertThat(m.group(3)).as("value of: %s", line).matches(VALUE);
                Map<String, String> labels = labels(m.group(2), line);
                String name = m.group(1);
                assertThat(family(name, types)).as("a TYPE line precedes %s", name).isNotNull();
                samples.add(new Sample(name, labels, m.group(3)));
            } else {
                throw new AssertionError("not a line of the text exposition format: " + line);
            }
        }
        return samples;
    }

    /** Each family's help text, as its HELP line gives it. */
    private static Map<String, String> helpTexts(String exposition) {
        Map<String, String> help = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = HELP.matcher(line);
            if (m.matches()) {
                help.put(m.group(1), m.group(2));
            }
        }
        return help;
    }

    /** Each family's type, as its TYPE line gives it. */
    private static Map<String, String> types(String exposition) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = TYPE.matcher(line);
            if (m.matches()) {
                types.put(m.group(1), m.group(2));
            }
        }
        return types;
    }

    private static Map<String, String> labels(String text, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            assertThat(m.find(at) && m.start() == at).as("labels of: %s", line).isTrue();
            assertThat(labels.put(m.group(1), m.group(2))).as("label %s once in: %s", m.group(1), line).isNull();
            at = m.end();
            if (at < text.length()) {
                assertThat(text.charAt(at)).as("labels of: %s", line).isEqualTo(',');
                at++;
            }
        }
        return labels;
    }

    private static String family(String sample, Map<String, String> types) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_count", "_sum")) {
            if (sample.endsWith(suffix) && types.containsKey(sample.substring(0, sample.length() - suffix.length()))) {
                return sample.substring(0, sample.length() - suffix.length());
            }
        }
        return null;
    }

    private static List<Map<String, String>> series(List<Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList();
    }
}
