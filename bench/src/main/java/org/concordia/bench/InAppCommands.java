package org.concordia.bench;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.concordia.infra.ConcordiaApplication;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP benchmark's comment rows without HTTP: the same application (every processor running, the demo data),
 * the same command — carl comments round-robin on 32 issues he raised — sent through the command gateway inside the
 * application by 1, 4 or 16 threads. Against the HTTP rows of the same run it is the cost of the front door
 * (HTTP, filters, authentication, the membership check, JSON) alone, with the engine and its projections alike on
 * both sides; b1 (a toy aggregate, no projections) is not.
 */
final class InAppCommands {

    /** Comments per second and CPU per comment (the whole process, until every processor has applied them). */
    record Rate(int threads, double rate, double cpuMs) {
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private InAppCommands() {
    }

    static List<Rate> measure(Path dataDir, int seconds, int... threadCounts) throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ConcordiaApplication.class).run(
                "--demo", "--server.port=0", "--concordia.data-dir=" + dataDir,
                "--concordia.admin-password=" + HttpBenchmark.ADMIN_PASSWORD, "--logging.level.root=WARN")) {
            CommandGateway commands = app.getBean(CommandGateway.class);
            List<String> issues = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String id = UUID.randomUUID().toString();
                commands.sendAndWait(new RaiseIssue(HttpBenchmark.CID, id, IssueType.ISSUE, "Benchmark issue " + i,
                        "for comments", IssueCategory.OTHER, Severity.LOW, Set.of("meridian"), "carl"));
                issues.add(id);
            }
            caughtUp(app);
            comment(commands, issues, 1, Math.max(2, seconds / 2)); // warm-up
            caughtUp(app);
            List<Rate> rates = new ArrayList<>();
            for (int threads : threadCounts) {
                long cpuStart = OS.getProcessCpuTime();
                long start = System.nanoTime();
                int sent = comment(commands, issues, threads, seconds);
                double rate = sent / ((System.nanoTime() - start) / 1e9);
                caughtUp(app);
                double cpuMs = (OS.getProcessCpuTime() - cpuStart) / 1e6 / sent;
                rates.add(new Rate(threads, rate, cpuMs));
                System.err.printf(Locale.ROOT, "[bench] in-app comments, %d threads: %,.0f/s, %.2f CPU-ms each%n",
                                  threads, rate, cpuMs);
            }
            return rates;
        }
    }

    /** Comments for {@code seconds} from {@code threads} closed loops; the number sent. */
    private static int comment(CommandGateway commands, List<String> issues, int threads, int seconds)
            throws Exception {
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int n = sent.getAndIncrement();
                        commands.sendAndWait(new CommentOnIssue(issues.get(n % issues.size()),
                                UUID.randomUUID().toString(), "comment " + n + " from the in-process loop", "carl"));
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return sent.get();
    }

    /** Waits until every tracking processor has handled every stored event. */
    static void caughtUp(ConfigurableApplicationContext app) throws InterruptedException {
        EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
        long head = app.getBean(CommitLog.class).headPosition();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                    .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head));
            if (all) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("processors did not catch up with position " + head);
    }
}
