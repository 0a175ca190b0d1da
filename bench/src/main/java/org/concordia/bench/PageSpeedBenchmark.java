package org.concordia.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.query.testdata.SyntheticCollaboration;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The committee workspace's pages with 100,000 issues in the store (issue 14): a synthetic consortium's history is
 * written into a fresh data directory, the application jar starts on it and builds its views, and each page is
 * requested by a signed-in member over loopback HTTP, one request at a time, after a warm-up. Per page: p50 / p95 /
 * p99 of the time to the last byte, and the most MongoDB commands one request of that page issued (the
 * {@code concordia_http_server_requests_db_commands} meter of the running app).
 *
 * <pre>
 * java -cp … org.concordia.bench.PageSpeedBenchmark --jar=infra/app/target/app-0.1.0-SNAPSHOT-exec.jar \
 *      [--issues=100000] [--events=250000] [--samples=200] [--write]
 * </pre>
 */
public final class PageSpeedBenchmark {

    private static final String PASSWORD = "bench-member-password-2026";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern COMMAND_TOTALS = Pattern.compile(
            "^concordia_http_server_requests_db_commands_(sum|count)\\{method=\"GET\",uri=\"([^\"]+)\",?} ([0-9.E]+)$",
            Pattern.MULTILINE);

    record Page(String label, String route, String path) {
    }

    record Timing(Page page, double p50, double p95, double p99, int samples, long non200) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int issues = Integer.parseInt(options.getOrDefault("issues", "100000"));
        long events = Long.parseLong(options.getOrDefault("events", "250000"));
        int samples = Integer.parseInt(options.getOrDefault("samples", "200"));
        Path jar = Path.of(options.getOrDefault("jar", "infra/app/target/app-0.1.0-SNAPSHOT-exec.jar"));
        Path work = Files.createTempDirectory("concordia-pages-bench-");
        // --data=DIR: a data directory of an earlier run (its events written, its views built) is used again
        Path dataDir = options.containsKey("data") ? Path.of(options.get("data")) : work.resolve("data");
        boolean reuse = options.containsKey("data") && Files.isDirectory(dataDir);

        StringBuilder md = new StringBuilder();
        md.append("- **Date**: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
          .append("- **Machine**: ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores shared with other work; load average at start ").append(HttpBenchmark.loadAverage()).append('\n');
        long t = System.nanoTime();
        if (!reuse) {
            int raised = prefill(dataDir, issues, events);
            md.append(String.format(Locale.ROOT, "- **Data**: the bench consortium (8 parties, 11 members, two "
                                                 + "tiers), %,d issues from %,d events, written in %.0f s%n", raised,
                                    events, (System.nanoTime() - t) / 1e9));
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        Process app = new ProcessBuilder("java", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
                "--concordia.data-dir=" + dataDir, "--concordia.admin-password=" + HttpBenchmark.ADMIN_PASSWORD,
                "--concordia.rate-limit.requests-per-minute=1000000000")
                .redirectErrorStream(true).redirectOutput(work.resolve("app.log").toFile()).start();
        try {
            t = System.nanoTime();
            String admin = HttpBenchmark.basic("admin", HttpBenchmark.ADMIN_PASSWORD);
            awaitViews(base, admin);
            md.append(reuse ? "- **Data**: the data directory of an earlier run of this benchmark (`--data`), its views "
                              + "built then\n"
                            : String.format(Locale.ROOT, "- **Views built** by the application at its first start "
                                                         + "on that data: %.0f s%n", (System.nanoTime() - t) / 1e9));
            for (String user : List.of("cora", "sam", "tess")) {
                HttpBenchmark.send(base, "POST", "/api/v1/users", HttpBenchmark.JSON.writeValueAsString(Map.of(
                        "username", user, "displayName", user.toUpperCase(Locale.ROOT), "password", PASSWORD)),
                                   admin);
            }
            String cora = HttpBenchmark.basic("cora", PASSWORD);
            String cid = BenchConsortium.CAST.collaborationId();
            JsonNode first = HttpBenchmark.JSON.readTree(HttpBenchmark.send(base, "GET",
                    "/api/v1/collaborations/" + cid + "/issues?size=1", null, cora).body());
            md.append(String.format(Locale.ROOT, "- **Issues listed** to the coordinator: %,d%n",
                                    first.get("total").asLong()));
            String newest = first.get("items").get(0).get("id").asText();
            String older = "bench-issue-" + first.get("total").asLong() / 2;

            String c = "/app/c/" + cid;
            List<Page> pages = List.of(
                    new Page("my collaborations", "/app", "/app"),
                    new Page("inbox (sam, a member of both tiers' work)", "/app/inbox", "/app/inbox"),
                    new Page("dashboard, now", "/app/c/{cid}", c),
                    new Page("dashboard as of 30 days ago", "/app/c/{cid}", c + "?asOf="
                            + Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)),
                    new Page("issue list, first page", "/app/c/{cid}/issues", c + "/issues"),
                    new Page("issue list, OPEN + HIGH, page 3", "/app/c/{cid}/issues",
                             c + "/issues?status=OPEN&severity=HIGH&page=3"),
                    new Page("issue list, oldest first, page 200", "/app/c/{cid}/issues",
                             c + "/issues?sort=oldest&page=200"),
                    new Page("issue list, SLA due soonest first", "/app/c/{cid}/issues", c + "/issues?sort=due"),
                    new Page("issue list, latest activity first, page 20", "/app/c/{cid}/issues",
                             c + "/issues?sort=activity&page=20"),
                    new Page("issue list, free text \"freezer\"", "/app/c/{cid}/issues", c + "/issues?q=freezer"),
                    new Page("issue page, newest issue", "/app/c/{cid}/issues/{iid}", c + "/issues/" + newest),
                    new Page("issue page, " + older, "/app/c/{cid}/issues/{iid}", c + "/issues/" + older),
                    new Page("decision register", "/app/c/{cid}/decisions", c + "/decisions"),
                    new Page("audit trail, first page", "/app/c/{cid}/audit", c + "/audit"),
                    new Page("audit trail of one issue", "/app/c/{cid}/audit", c + "/audit?issue=" + older),
                    new Page("raise an issue (form)", "/app/c/{cid}/issues/new", c + "/issues/new"));

            Session coordinator = new Session(base, "cora");
            Session member = new Session(base, "sam");
            List<Timing> timings = new ArrayList<>();
            Map<Page, Double> commands = new LinkedHashMap<>();
            for (Page page : pages) {
                Session who = page.route().equals("/app/inbox") ? member : coordinator;
                double[] before = commandTotals(base, page.route());
                timings.add(measure(who, page, samples));
                double[] after = commandTotals(base, page.route());
                commands.put(page, (after[0] - before[0]) / Math.max(1, after[1] - before[1]));
            }
            md.append("- **Load average at the end**: ").append(HttpBenchmark.loadAverage()).append('\n')
              .append("- **Method**: one signed-in browser session per user (form sign-in, session cookie), one request "
                      + "at a time over loopback, ").append(samples).append(" timed requests per page after 20 "
                      + "untimed (boxed to 10 s of warm-up and 60 s of timing, at least five timed: the samples "
                      + "column says how many); time to the last byte of the page as the client sees it (loopback adds well under "
                      + "a millisecond). DB commands: the MongoDB commands one request of the page issued, on "
                      + "average over its timed requests (the app's `concordia_http_server_requests_db_commands`)."
                      + "\n\n");
            md.append("| page | samples | p50 ms | p95 ms | p99 ms | DB commands per request | p95 < 100 ms |\n")
              .append("|---|---:|---:|---:|---:|---:|---|\n");
            for (Timing timing : timings) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s |%n",
                        timing.page().label(), timing.samples(), timing.p50(), timing.p95(), timing.p99(),
                        String.format(Locale.ROOT, "%.0f", commands.get(timing.page())),
                        timing.non200() > 0 ? "**" + timing.non200() + " answers not 200**"
                                            : timing.p95() < 100 ? "yes" : "**no**"));
            }
        } finally {
            app.destroy();
            app.waitFor();
        }
        String markdown = md.toString();
        System.out.println(markdown);
        if (options.containsKey("write")) {
            HttpBenchmark.writeSection(Path.of(options.getOrDefault("out", "BENCHMARKS.md")), "pages", markdown);
        }
        System.exit(0);
    }

    private static int prefill(Path dataDir, int issues, long events) throws Exception {
        Files.createDirectories(dataDir);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 256,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .database(client.getDatabase("concordia")).eventSerializer(StorageSerializers.events())
                    .snapshotSerializer(StorageSerializers.events()).batchSize(100).build();
            Instant start = Instant.now().minus(SyntheticCollaboration.meanPause(BenchConsortium.CAST)
                                                                      .multipliedBy(events));
            SyntheticCollaboration history = new SyntheticCollaboration(BenchConsortium.CAST, 42, issues, events,
                                                                        start);
            List<DomainEventMessage<?>> chunk = new ArrayList<>(10_000);
            while (history.hasNext()) {
                chunk.add(history.next());
                if (chunk.size() == 10_000 || !history.hasNext()) {
                    engine.importOneEventPerCommit(chunk, 1000);
                    chunk.clear();
                }
            }
            return history.issuesRaised();
        }
    }

    /** Until every projection of the app has applied every stored event (a first start builds them all). */
    private static void awaitViews(String base, String admin) throws Exception {
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        long lastReport = 0;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> answer = HttpBenchmark.send(base, "GET", "/api/v1/admin/projections", null,
                                                                 admin);
                if (answer.statusCode() == 200) {
                    boolean caughtUp = true;
                    long lag = 0;
                    for (JsonNode projection : HttpBenchmark.JSON.readTree(answer.body())) {
                        for (JsonNode segment : projection.get("segments")) {
                            caughtUp &= segment.get("caughtUp").asBoolean() && segment.path("lag").asLong(0) == 0;
                            lag = Math.max(lag, segment.path("lag").asLong(0));
                        }
                    }
                    if (caughtUp) {
                        return;
                    }
                    if (System.nanoTime() - lastReport > 30_000_000_000L) {
                        System.err.printf(Locale.ROOT, "[pages] views building, largest lag %,d events (load %s)%n",
                                          lag, HttpBenchmark.loadAverage());
                        lastReport = System.nanoTime();
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(2000);
        }
        throw new IllegalStateException("the views were not built within an hour");
    }

    /** The running totals {sum, count} of the MongoDB commands of the GETs of {@code route} so far. */
    private static double[] commandTotals(String base, String route) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
                                           .header("Accept", "text/plain").build(),
                                HttpResponse.BodyHandlers.ofString()).body();
        double[] totals = new double[2];
        Matcher line = COMMAND_TOTALS.matcher(body);
        while (line.find()) {
            if (line.group(2).equals(route)) {
                totals[line.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(line.group(3));
            }
        }
        return totals;
    }

    private static Timing measure(Session session, Page page, int samples) throws Exception {
        long non200 = 0;
        // time-boxed: a page that takes seconds is measured on fewer samples (at least five), and says how many
        long warmUntil = System.nanoTime() + 10_000_000_000L;
        for (int i = 0; i < 20 && System.nanoTime() < warmUntil; i++) {
            non200 += session.get(page.path()) == 200 ? 0 : 1;
        }
        List<Double> millis = new ArrayList<>(samples);
        long measureUntil = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; i < samples && (i < 5 || System.nanoTime() < measureUntil); i++) {
            long t = System.nanoTime();
            non200 += session.get(page.path()) == 200 ? 0 : 1;
            millis.add((System.nanoTime() - t) / 1e6);
        }
        millis.sort(Double::compare);
        Timing timing = new Timing(page, QuerySideBenchmark.percentile(millis, 0.50),
                QuerySideBenchmark.percentile(millis, 0.95), QuerySideBenchmark.percentile(millis, 0.99),
                millis.size(), non200);
        System.err.printf(Locale.ROOT, "[pages] %-45s p50 %7.1f  p95 %7.1f  p99 %7.1f ms  non-200 %d (load %s)%n",
                          page.label(), timing.p50(), timing.p95(), timing.p99(), non200, HttpBenchmark.loadAverage());
        return timing;
    }

    /** A browser-like client: a session cookie from the sign-in form, redirects not followed. */
    private static final class Session {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;

        Session(String base, String username) throws Exception {
            this.base = base;
            Matcher csrf = CSRF.matcher(http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                                                  HttpResponse.BodyHandlers.ofString()).body());
            if (!csrf.find()) {
                throw new IllegalStateException("no CSRF field on the sign-in page");
            }
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password="
                            + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (signedIn.headers().firstValue("Location").orElse("error").contains("error")) {
                throw new IllegalStateException(username + " could not sign in");
            }
        }

        int get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                             HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }




}
