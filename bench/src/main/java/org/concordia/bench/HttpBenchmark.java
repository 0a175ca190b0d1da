package org.concordia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP API over real HTTP (issue 12): the application jar started as {@code java -jar … --demo} on loopback,
 * driven by wrk. In one run: an anonymous GET against the same GET with HTTP Basic and with an API token, a real
 * authenticated read (the open-conflict report), and a command (a comment) at 1, 4 and 16 connections against the
 * in-process engine's rate for new aggregates (b1 of the event-store benchmark, measured here again). With
 * {@code --baseline-jar} a second jar (e.g. the code before the change) is measured the same way in the same run.
 *
 * <pre>
 * java -cp … org.concordia.bench.HttpBenchmark --jar=infra/app/target/app-0.1.0-SNAPSHOT-exec.jar \
 *      [--baseline-jar=…] [--seconds=10] [--warmup=3] [--wrk=/usr/bin/wrk]
 * </pre>
 */
public final class HttpBenchmark {

    static final String CID = "2ed79b1f-cb28-3796-9b81-60be1e9eee25"; // the demo collaboration ONCO
    static final String ADMIN_PASSWORD = "bench-root-password-2026"; // the password rules refuse one containing "admin"
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One scenario over its rounds: each round's rate, and the application's CPU time per request. */
    record Row(String label, boolean command, int connections, List<Double> rates, List<Double> cpuMsPerRequest,
               long non2xx, double p50Ms, double p99Ms) {
        double rate() {
            return EventStoreBenchmark.median(rates);
        }

        double cpuMs() {
            return EventStoreBenchmark.median(cpuMsPerRequest);
        }
    }

    /** The in-process engine's rate and CPU time per command. */
    record Engine(double rate, double cpuMsPerCommand) {
    }

    /** A scenario: a label, a request, and how many connections. */
    record Scenario(String label, String method, List<String> paths, String body, Map<String, String> headers,
                    int connections) {
        boolean command() {
            return !"GET".equals(method);
        }
    }

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** The in-application comment rates by thread count (empty when not measured). */
    private Map<Integer, InAppCommands.Rate> inApp = Map.of();
    private int seconds;
    private int warmup;
    private int rounds;
    private Wrk wrk;

    public static void main(String[] args) throws Exception {
        HttpBenchmark bench = new HttpBenchmark();
        bench.options.putAll(BenchOptions.parse(args));
        String markdown = bench.run();
        System.out.println(markdown);
        if (bench.options.containsKey("write")) {
            writeSection(Path.of(bench.options.getOrDefault("out", "BENCHMARKS.md")), "http", markdown);
        }
        System.exit(0); // Axon and the driver leave non-daemon threads behind
    }

    private String run() throws Exception {
        seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        Path work = Files.createTempDirectory("concordia-http-bench-");
        wrk = new Wrk(options.getOrDefault("wrk", "/usr/bin/wrk"), work);
        StringBuilder md = new StringBuilder();
        md.append("- **Date**: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
          .append("- **Machine**: ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores shared with other work; load average at start ").append(loadAverage()).append('\n');

        Engine b1 = inProcessNewAggregates(work.resolve("engine"));
        md.append(String.format(Locale.ROOT, "- **In-process engine, b1** (new aggregate per command, one thread, "
                                             + "fresh embedded store, median of 3 rounds of 2,000): **%,.0f "
                                             + "commands/s**, %.2f CPU-ms per command%n", b1.rate(),
                                b1.cpuMsPerCommand()));
        inApp = new LinkedHashMap<>();
        if (!"false".equals(options.get("in-app"))) {
            for (InAppCommands.Rate rate : InAppCommands.measure(work.resolve("in-app"), seconds, 1, 4, 16)) {
                inApp.put(rate.threads(), rate);
            }
            md.append("- **The same comments inside the application** (command gateway, every processor running, the "
                      + "demo data; no HTTP, authentication, membership check or JSON): ")
              .append(String.join("; ", inApp.values().stream().map(r -> String.format(Locale.ROOT,
                      "%d thread%s **%,.0f/s**, %.2f CPU-ms", r.threads(), r.threads() == 1 ? "" : "s", r.rate(),
                      r.cpuMs())).toList()))
              .append(" (CPU until every processor has applied them)\n");
        }

        Map<String, List<Row>> measured = new LinkedHashMap<>();
        if (options.containsKey("baseline-jar")) {
            measured.put("before (" + options.getOrDefault("baseline-label", "baseline jar") + ")",
                         measureJar(Path.of(options.get("baseline-jar")), work));
        }
        measured.put("after (" + options.getOrDefault("label", "this jar") + ")",
                     measureJar(Path.of(options.getOrDefault("jar", "infra/app/target/app-0.1.0-SNAPSHOT-exec.jar")),
                                work));
        md.append("- **Load average at the end**: ").append(loadAverage()).append('\n');
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append('\n');
        for (Map.Entry<String, List<Row>> jar : measured.entrySet()) {
            md.append(table(jar.getKey(), jar.getValue(), b1)).append('\n');
        }
        return md.toString();
    }

    private List<Row> measureJar(Path jar, Path work) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dataDir = Files.createTempDirectory(work, "data-");
        String base = "http://127.0.0.1:" + port;
        Process app = new ProcessBuilder("java", "-jar", jar.toAbsolutePath().toString(), "--demo",
                "--server.port=" + port, "--concordia.data-dir=" + dataDir,
                "--concordia.admin-password=" + ADMIN_PASSWORD,
                // one user far above any sane allowance: lift the limits, measure the work
                "--concordia.rate-limit.requests-per-minute=1000000000",
                "--concordia.rate-limit.token-requests-per-minute=1000000000",
                "--concordia.rate-limit.token-max-requests-per-minute=1000000000")
                .redirectErrorStream(true).redirectOutput(work.resolve("app-" + port + ".log").toFile()).start();
        try {
            // the demo's passwords: one for all since issue 12 (which added GET /me), one per user before it
            boolean sharedPassword = hasAccountPages(base);
            String cora = basic("cora", sharedPassword ? "onco-demo-pass" : "cora-demo-pass");
            String carl = basic("carl", sharedPassword ? "onco-demo-pass" : "carl-demo-pass");
            awaitDemo(base, cora);
            String coraToken = createToken(base, cora);
            String carlToken = createToken(base, carl);
            List<String> issues = raiseIssues(base, carl, 32);
            notes.add(jar + ": API tokens " + (coraToken == null ? "not supported" : "supported"));

            String key = "/api/v1/audit/public-key";
            String report = "/api/v1/collaborations/" + CID + "/reports/open-conflicts";
            List<Scenario> reads = new ArrayList<>();
            reads.add(new Scenario("GET public key, anonymous", "GET", List.of(key), null, Map.of(), 16));
            reads.add(new Scenario("GET public key, Basic", "GET", List.of(key), null, auth(cora), 16));
            if (coraToken != null) {
                reads.add(new Scenario("GET public key, API token", "GET", List.of(key), null, auth(coraToken), 16));
            }
            reads.add(new Scenario("GET open-conflict report, Basic", "GET", List.of(report), null, auth(cora), 16));
            if (coraToken != null) {
                reads.add(new Scenario("GET open-conflict report, API token", "GET", List.of(report), null,
                                       auth(coraToken), 16));
            }
            List<String> comments = issues.stream().map(i -> "/api/v1/collaborations/" + CID + "/issues/" + i
                                                              + "/comments").toList();
            String body = "{\"text\":\"benchmark comment\"}";
            List<Scenario> commands = new ArrayList<>();
            for (int connections : new int[]{1, 4, 16}) {
                commands.add(new Scenario("POST comment, Basic, " + connections + " conn.", "POST", comments, body,
                                          json(auth(carl)), connections));
                if (carlToken != null) {
                    commands.add(new Scenario("POST comment, API token, " + connections + " conn.", "POST",
                                              comments, body, json(auth(carlToken)), connections));
                }
            }
            List<Row> rows = new ArrayList<>();
            // Reads: warmed up once each, then rounds interleaved, so that a change of load hits every scenario.
            for (Scenario read : reads) {
                wrk.run(base, read.method(), read.paths(), read.body(), read.headers(), read.connections(), warmup);
            }
            Map<Scenario, List<Wrk.Result>> results = new LinkedHashMap<>();
            Map<Scenario, List<Double>> cpu = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                for (Scenario read : reads) {
                    measureOnce(app, base, read, results, cpu);
                }
            }
            // Commands: one round each; their CPU time runs until every projection has applied their events.
            wrk.run(base, "POST", comments, body, json(auth(carl)), 4, warmup);
            for (Scenario command : commands) {
                awaitProjections(base);
                measureOnce(app, base, command, results, cpu);
            }
            results.forEach((scenario, runs) -> rows.add(row(scenario, runs, cpu.get(scenario))));
            return rows;
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    private void measureOnce(Process app, String base, Scenario scenario, Map<Scenario, List<Wrk.Result>> results,
                             Map<Scenario, List<Double>> cpu) throws Exception {
        long cpuBefore = cpuNanos(app);
        Wrk.Result result = wrk.run(base, scenario.method(), scenario.paths(), scenario.body(), scenario.headers(),
                                    scenario.connections(), seconds);
        if (scenario.command()) {
            awaitProjections(base); // their work is part of a command's cost
        }
        double cpuMs = (cpuNanos(app) - cpuBefore) / 1e6 / Math.max(1, result.requests());
        results.computeIfAbsent(scenario, s -> new ArrayList<>()).add(result);
        cpu.computeIfAbsent(scenario, s -> new ArrayList<>()).add(cpuMs);
        System.err.printf(Locale.ROOT, "[bench] %-40s %,9.1f req/s  p50 %8.2f ms  p99 %8.2f ms  non-2xx %d  "
                                       + "app CPU %.2f ms/request  (load %s)%n", scenario.label(),
                          result.requestsPerSecond(), result.p50Ms(), result.p99Ms(), result.non2xx(), cpuMs,
                          loadAverage());
    }

    private static Row row(Scenario scenario, List<Wrk.Result> runs, List<Double> cpuMs) {
        List<Double> rates = runs.stream().map(Wrk.Result::requestsPerSecond).toList();
        long non2xx = runs.stream().mapToLong(r -> r.non2xx() + r.socketErrors()).sum();
        return new Row(scenario.label(), scenario.command(), scenario.connections(), rates, cpuMs, non2xx,
                       EventStoreBenchmark.median(runs.stream().map(Wrk.Result::p50Ms).toList()),
                       EventStoreBenchmark.median(runs.stream().map(Wrk.Result::p99Ms).toList()));
    }

    private static long cpuNanos(Process process) {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private String table(String jar, List<Row> rows, Engine b1) {
        Row anonymous = rows.get(0);
        StringBuilder md = new StringBuilder("| " + jar + " | requests/s | p50 ms | p99 ms | app CPU ms / request "
                                             + "| rate ratio | CPU ratio | rate vs in-app |\n"
                                             + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows) {
            String rateRatio = row == anonymous ? "reference" : String.format(Locale.ROOT, "%.0f %% of %s",
                    100 * row.rate() / (row.command() ? b1.rate() : anonymous.rate()),
                    row.command() ? "b1" : "anonymous");
            String cpuRatio = row == anonymous ? "reference" : String.format(Locale.ROOT, "%.0f %%",
                    100 * (row.command() ? b1.cpuMsPerCommand() : anonymous.cpuMs()) / row.cpuMs());
            InAppCommands.Rate same = row.command() ? inApp.get(row.connections()) : null;
            String versusInApp = same == null ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * row.rate() / same.rate());
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f | %s | %s | %s |%n", row.label(),
                                    rates(row), row.p50Ms(), row.p99Ms(), row.cpuMs(), rateRatio, cpuRatio,
                                    versusInApp))
              .append(row.non2xx() > 0 ? "| ↳ " + row.non2xx() + " answers were not 2xx/3xx or failed | | | | | | | |\n"
                                       : "");
        }
        return md.toString();
    }

    private static String rates(Row row) {
        String median = String.format(Locale.ROOT, "**%,.0f**", row.rate());
        if (row.rates().size() == 1) {
            return median;
        }
        return median + " (" + String.join(", ", row.rates().stream()
                                                     .map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()) + ")";
    }


    /** Replaces the generated part of BENCHMARKS.md's HTTP section. */
    /** Replaces what lies between {@code <!-- name:start -->} and {@code <!-- name:end -->} in {@code file}. */
    static void writeSection(Path file, String name, String markdown) throws IOException {
        String start = "<!-- " + name + ":start -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.readString(file);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(file + " has no " + start + " … " + end + " section");
        }
        Files.writeString(file, text.substring(0, from + start.length()) + "\n" + markdown + text.substring(to));
    }


    // ------------------------------------------------------------------ the in-process engine (b1)

    private static Engine inProcessNewAggregates(Path dataDir) {
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 256,
                                                                    MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase("ours"))
                    .eventSerializer(serializer).snapshotSerializer(serializer).batchSize(100).build();
            AggregateConfigurer<Account> aggregate = AggregateConfigurer.defaultConfiguration(Account.class);
            aggregate.configureCache(c -> new WeakReferenceCache());
            Configuration axon = DefaultConfigurer.defaultConfiguration(false)
                    .configureEmbeddedEventStore(c -> engine).configureSerializer(c -> serializer)
                    .configureAggregate(aggregate).buildConfiguration();
            axon.start();
            CommandGateway gateway = axon.commandGateway();
            for (int i = 0; i < 300; i++) {
                open(gateway);
            }
            List<Double> rates = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                long start = System.nanoTime();
                long cpuStart = os.getProcessCpuTime();
                for (int i = 0; i < 2_000; i++) {
                    open(gateway);
                }
                rates.add(2_000 / ((System.nanoTime() - start) / 1e9));
                cpu.add((os.getProcessCpuTime() - cpuStart) / 1e6 / 2_000);
                System.err.printf(Locale.ROOT, "[bench] b1 round %d: %,.0f commands/s, %.2f CPU-ms per command%n",
                                  r + 1, rates.get(r), cpu.get(r));
            }
            axon.shutdown();
            return new Engine(EventStoreBenchmark.median(rates), EventStoreBenchmark.median(cpu));
        }
    }

    private static void open(CommandGateway gateway) {
        String id = UUID.randomUUID().toString();
        gateway.sendAndWait(new Account.OpenAccount(id, "owner of " + id, Account.MEMO));
    }

    // ------------------------------------------------------------------ set-up over HTTP (untimed)

    /** Whether the application answers GET /api/v1/me (asked as the administrator, whose password is known). */
    private static boolean hasAccountPages(String base) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                int status = send(base, "GET", "/api/v1/me", null, basic("admin", ADMIN_PASSWORD)).statusCode();
                if (status == 200 || status == 404) {
                    return status == 200;
                }
                // starting: the administrator account may not be there yet
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the application did not listen within 5 minutes");
    }

    static void awaitDemo(String base, String cora) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> issues = send(base, "GET", "/api/v1/collaborations/" + CID + "/issues?size=50",
                                                   null, cora);
                if (issues.statusCode() == 200 && JSON.readTree(issues.body()).get("total").asInt() >= 12) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the demo data did not appear within 5 minutes");
    }

    /** An API token for the user, or null when the application has none (the code before them). */
    static String createToken(String base, String user) throws Exception {
        HttpResponse<String> created = send(base, "POST", "/api/v1/me/tokens",
                "{\"name\":\"bench\",\"expiresIn\":\"P1D\",\"scope\":\"READ_WRITE\","
                + "\"requestsPerMinute\":1000000000}", user);
        return created.statusCode() == 201 ? JSON.readTree(created.body()).get("token").asText() : null;
    }

    static List<String> raiseIssues(String base, String user, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> raised = send(base, "POST", "/api/v1/collaborations/" + CID + "/issues",
                    "{\"type\":\"ISSUE\",\"title\":\"Benchmark issue " + i + "\",\"description\":\"for comments\","
                    + "\"category\":\"OTHER\",\"severity\":\"LOW\",\"involvedParties\":[\"meridian\"]}", user);
            if (raised.statusCode() != 201) {
                throw new IllegalStateException("could not raise an issue: " + raised.body());
            }
            ids.add(JSON.readTree(raised.body()).get("id").asText());
        }
        return ids;
    }

    /** Until every projection has caught up (so one run's events do not load the next), at most 2 minutes. */
    static void awaitProjections(String base) throws Exception {
        String admin = basic("admin", ADMIN_PASSWORD);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode all = JSON.readTree(send(base, "GET", "/api/v1/admin/projections", null, admin).body());
            boolean caughtUp = true;
            for (JsonNode projection : all) {
                for (JsonNode segment : projection.get("segments")) {
                    caughtUp &= segment.get("caughtUp").asBoolean() && segment.path("lag").asLong(0) == 0;
                }
            }
            if (caughtUp) {
                return;
            }
            Thread.sleep(500);
        }
        System.err.println("[bench] projections still behind after 2 minutes; measuring anyway");
    }

    static HttpResponse<String> send(String base, String method, String path, String body,
                                             String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> auth(String credential) {
        return Map.of("Authorization", credential.startsWith("Basic ") ? credential : "Bearer " + credential);
    }

    static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Content-Type", "application/json");
        return all;
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2] + " (1 / 5 / 15 min)";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
