package org.concordia.bench;

import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.concordia.bench.HttpBenchmark.CID;
import static org.concordia.bench.HttpBenchmark.auth;
import static org.concordia.bench.HttpBenchmark.basic;
import static org.concordia.bench.HttpBenchmark.json;

/**
 * Issue 17: the throughput of two application nodes on one MongoDB against one node on the same MongoDB, over real
 * HTTP. The store is the embedded MongoDB-wire server, run by this JVM on a loopback port (the application only
 * embeds it in its own process); two application jars connect to it with a {@code mongodb://127.0.0.1:port} URI,
 * as to a real one. {@code wrk} sends the same total number of connections to node A alone, then split between A
 * and B at once, in interleaved rounds; a scenario's rate is the sum over the nodes. CPU per request is the nodes'
 * and the store's (this JVM's) CPU time over the requests served, so that a machine shared with other work still
 * gives a comparable figure.
 * <pre>
 * java -cp target/classes:$(cat target/cp.txt) org.concordia.bench.TwoNodeThroughputBenchmark \
 *      --jar=../infra/app/target/app-0.1.0-SNAPSHOT-exec.jar --seconds=10 --rounds=3 --write --out=../BENCHMARKS.md
 * </pre>
 */
public final class TwoNodeThroughputBenchmark {

    private record Node(String name, Process process, String base) {
        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }
    }

    /** A scenario's rounds with one node and with two. */
    private record Row(String label, List<Double> oneNode, List<Double> twoNodes, List<Double> cpuOne,
                       List<Double> cpuTwo, long non2xx) {
    }

    private final Map<String, String> options = new LinkedHashMap<>();
    private Wrk wrk;
    private int seconds;

    public static void main(String[] args) throws Exception {
        TwoNodeThroughputBenchmark bench = new TwoNodeThroughputBenchmark();
        bench.options.putAll(BenchOptions.parse(args));
        String markdown = bench.run();
        System.out.println(markdown);
        if (bench.options.containsKey("write")) {
            HttpBenchmark.writeSection(Path.of(bench.options.getOrDefault("out", "BENCHMARKS.md")), "two-nodes",
                                       markdown);
        }
        System.exit(0);
    }

    private String run() throws Exception {
        seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "5"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "16"));
        Path jar = Path.of(options.getOrDefault("jar", "infra/app/target/app-0.1.0-SNAPSHOT-exec.jar"));
        Path work = Files.createTempDirectory("concordia-two-nodes-bench-");
        wrk = new Wrk(options.getOrDefault("wrk", "/usr/bin/wrk"), work);
        StringBuilder md = new StringBuilder();
        md.append("- **Date**: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
          .append("- **Machine**: ").append(Runtime.getRuntime().availableProcessors())
          .append(" cores shared with other work; load average at start ").append(HttpBenchmark.loadAverage())
          .append('\n');
        try (EmbeddedMongoServer store = EmbeddedMongoServer.start(work.resolve("store"), 256,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS)) {
            Path shared = work.resolve("node-data"); // the audit signing key and webhook key, as nodes share them
            Node a = start(jar, "node-a", store.connectionString(), shared, work, true);
            Node b = null;
            try {
                String cora = basic("cora", "onco-demo-pass");
                String carl = basic("carl", "onco-demo-pass");
                HttpBenchmark.awaitDemo(a.base(), cora);
                b = start(jar, "node-b", store.connectionString(), shared, work, false);
                HttpBenchmark.awaitDemo(b.base(), cora);
                String coraToken = HttpBenchmark.createToken(a.base(), cora);
                String carlToken = HttpBenchmark.createToken(a.base(), carl);
                List<String> issues = HttpBenchmark.raiseIssues(a.base(), carl, 32);
                HttpBenchmark.awaitProjections(a.base());

                String report = "/api/v1/collaborations/" + CID + "/reports/open-conflicts";
                List<String> comments = issues.stream().map(i -> "/api/v1/collaborations/" + CID + "/issues/" + i
                                                                  + "/comments").toList();
                List<Row> rows = new ArrayList<>();
                rows.add(measure("GET open-conflict report, API token", "GET", List.of(report), null,
                                 auth(coraToken), connections, rounds, warmup, a, b));
                rows.add(measure("POST comment, API token", "POST", comments, "{\"text\":\"two nodes\"}",
                                 json(auth(carlToken)), connections, rounds, warmup, a, b));
                md.append("- **Load average at the end**: ").append(HttpBenchmark.loadAverage()).append('\n')
                  .append(String.format(Locale.ROOT, "- **Method**: %d connections in all, %d s per run, %d rounds "
                          + "of one node then two (interleaved), median; one node: all connections to A; two nodes: "
                          + "half to A and half to B at the same time, rates summed; CPU: both application "
                          + "processes and the store's JVM, over the requests served (for commands, until every "
                          + "projection has applied their events)%n%n", connections, seconds, rounds));
                md.append("| scenario | one node, requests/s | two nodes, requests/s | two / one | CPU ms per "
                          + "request, one node | CPU ms per request, two nodes | non-2xx |\n"
                          + "|---|---:|---:|---:|---:|---:|---:|\n");
                for (Row row : rows) {
                    double one = EventStoreBenchmark.median(row.oneNode());
                    double two = EventStoreBenchmark.median(row.twoNodes());
                    md.append(String.format(Locale.ROOT, "| %s | **%,.0f** %s | **%,.0f** %s | %.2f | %.2f | %.2f | "
                                                         + "%d |%n", row.label(), one, rounded(row.oneNode()), two,
                                            rounded(row.twoNodes()), two / one,
                                            EventStoreBenchmark.median(row.cpuOne()),
                                            EventStoreBenchmark.median(row.cpuTwo()), row.non2xx()));
                }
            } finally {
                stop(a);
                if (b != null) {
                    stop(b);
                }
            }
        }
        return md.toString();
    }

    private Row measure(String label, String method, List<String> paths, String body, Map<String, String> headers,
                        int connections, int rounds, int warmup, Node a, Node b) throws Exception {
        boolean command = !"GET".equals(method);
        wrk.run(a.base(), method, paths, body, headers, connections, warmup);
        wrk.run(b.base(), method, paths, body, headers, connections, warmup);
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        List<Double> cpuOne = new ArrayList<>();
        List<Double> cpuTwo = new ArrayList<>();
        long non2xx = 0;
        for (int r = 0; r < rounds; r++) {
            if (command) {
                HttpBenchmark.awaitProjections(a.base());
            }
            long cpu = cpuNanos(a, b);
            Wrk.Result alone = wrk.run(a.base(), method, paths, body, headers, connections, seconds);
            if (command) {
                HttpBenchmark.awaitProjections(a.base()); // their work is part of a command's cost
            }
            one.add(alone.requestsPerSecond());
            cpuOne.add((cpuNanos(a, b) - cpu) / 1e6 / Math.max(1, alone.requests()));
            non2xx += alone.non2xx();
            log(label + ", one node", alone.requestsPerSecond());

            cpu = cpuNanos(a, b);
            CompletableFuture<Wrk.Result> onA = runAsync(a, method, paths, body, headers, connections / 2);
            CompletableFuture<Wrk.Result> onB = runAsync(b, method, paths, body, headers,
                                                         connections - connections / 2);
            Wrk.Result first = onA.join();
            Wrk.Result second = onB.join();
            if (command) {
                HttpBenchmark.awaitProjections(a.base());
            }
            double rate = first.requestsPerSecond() + second.requestsPerSecond();
            two.add(rate);
            cpuTwo.add((cpuNanos(a, b) - cpu) / 1e6 / Math.max(1, first.requests() + second.requests()));
            non2xx += first.non2xx() + second.non2xx();
            log(label + ", two nodes", rate);
        }
        return new Row(label, one, two, cpuOne, cpuTwo, non2xx);
    }

    private CompletableFuture<Wrk.Result> runAsync(Node node, String method, List<String> paths, String body,
                                                   Map<String, String> headers, int connections) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return wrk.run(node.base(), method, paths, body, headers, connections, seconds);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private static long cpuNanos(Node a, Node b) {
        long store = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        return a.cpuNanos() + b.cpuNanos() + store;
    }

    private static Node start(Path jar, String name, String mongoUri, Path sharedData, Path work, boolean demo)
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port, "--concordia.data-dir=" + sharedData,
                "--concordia.mongodb.uri=" + mongoUri, "--concordia.event-store.node-id=" + name,
                "--concordia.admin-password=" + HttpBenchmark.ADMIN_PASSWORD,
                // one user far above any sane allowance: lift the limits, measure the work
                "--concordia.rate-limit.requests-per-minute=1000000000",
                "--concordia.rate-limit.token-requests-per-minute=1000000000",
                "--concordia.rate-limit.token-max-requests-per-minute=1000000000"));
        if (demo) {
            command.add(3, "--demo");
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile()).start();
        String base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = HttpBenchmark.HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return new Node(name, process, base);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " stopped; see " + work.resolve(name + ".log"));
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException(name + " did not start within 5 minutes");
    }

    private static void stop(Node node) throws InterruptedException {
        node.process().destroy();
        node.process().waitFor();
    }

    private static String rounded(List<Double> rates) {
        return "(" + String.join(", ", rates.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList())
               + ")";
    }

    private static void log(String what, double rate) {
        System.err.printf(Locale.ROOT, "[bench] %-50s %,9.1f req/s  (load %s)%n", what, rate,
                          HttpBenchmark.loadAverage());
    }
}
