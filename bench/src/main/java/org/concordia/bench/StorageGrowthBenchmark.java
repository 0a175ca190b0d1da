package org.concordia.bench;

import com.mongodb.client.MongoDatabase;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bson.RawBsonDocument;
import org.concordia.infra.ConcordiaApplication;
import org.concordia.infra.config.MongoConfiguration;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.infra.account.AccountService;
import org.concordia.kernel.collaboration.AddMember;
import org.concordia.kernel.collaboration.CollaborationId;
import org.concordia.kernel.collaboration.CollaborationKind;
import org.concordia.kernel.collaboration.DefineGovernanceLadder;
import org.concordia.kernel.collaboration.GovernanceTier;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.collaboration.PartyRole;
import org.concordia.kernel.collaboration.RegisterCollaboration;
import org.concordia.kernel.collaboration.RegisterParty;
import org.concordia.kernel.issue.AcknowledgeIssue;
import org.concordia.kernel.issue.AssignIssue;
import org.concordia.kernel.issue.ChangeSeverity;
import org.concordia.kernel.issue.CommentOnIssue;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueType;
import org.concordia.kernel.issue.RaiseIssue;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.shared.ActorContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Data-file growth of the real application (Spring context, embedded server, every processor, the audit chain),
 * driven in-process through its command gateway, as a user would: each command is followed by a wait until every
 * tracking processor has handled it (the pace of someone posting and then reading), so every event costs what it
 * costs in production, not what a large batch would.
 *
 * <ul>
 *   <li>{@code --comments=N} (default 2,000): N comments on one issue;</li>
 *   <li>{@code --issues=K} (default 2,000): K issues × 10 events each (raise, acknowledge, assign, severity, 6
 *       comments; raising is two events: the collaboration numbers the issue);</li>
 *   <li>{@code --idle=SECONDS} (default 0): an empty instance left alone for that long.</li>
 * </ul>
 * At 10 %, 50 %, 90 % and 100 % of each run it prints the file size, the live data (MVStore's own accounting), the bytes
 * per event since the start of the run, and the store commits per event; at the end of a run, per collection, its
 * documents and their BSON bytes (where the live data is). {@code 0} skips a workload.
 */
public final class StorageGrowthBenchmark {

    private static final int EVENTS_PER_ISSUE = 10;

    private int comments = 2_000;
    private int issues = 2_000;
    private int idleSeconds = 0;
    private final List<String> lines = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        StorageGrowthBenchmark bench = new StorageGrowthBenchmark();
        for (String arg : args) {
            if (arg.startsWith("--comments=")) {
                bench.comments = Integer.parseInt(arg.substring(11).replace("_", ""));
            } else if (arg.startsWith("--issues=")) {
                bench.issues = Integer.parseInt(arg.substring(9).replace("_", ""));
            } else if (arg.startsWith("--idle=")) {
                bench.idleSeconds = Integer.parseInt(arg.substring(7));
            } else if (!arg.isBlank()) {
                throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        try {
            if (bench.idleSeconds > 0) {
                bench.run("idle", app -> app.idle(bench.idleSeconds));
            }
            if (bench.comments > 0) {
                bench.run("comments", app -> app.commentsOnOneIssue(bench.comments));
            }
            if (bench.issues > 0) {
                bench.run("issues", app -> app.issuesOfTenEvents(bench.issues));
            }
        } catch (Exception failure) {
            // the application's threads would keep the JVM (and its CPU use) alive after main ends
            failure.printStackTrace();
            System.exit(1);
        }
        System.out.println();
        bench.lines.forEach(System.out::println);
        System.exit(0);
    }

    private interface Workload {
        void run(App app) throws Exception;
    }

    private void run(String name, Workload workload) throws Exception {
        Path dataDir = Files.createTempDirectory("concordia-storage-");
        try (App app = new App(dataDir, name)) {
            workload.run(app);
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One application on one data directory, and what it measures. */
    private final class App implements AutoCloseable {
        private final String workload;
        private final ConfigurableApplicationContext context;
        private final CommandGateway commands;
        private final EmbeddedMongoServer server;
        private final String cid = CollaborationId.forKey("GROW").value();
        private EmbeddedMongoServer.StoreStats start;
        private EmbeddedMongoServer.StoreStats previous;
        private long startHead;
        private long previousEvents;
        private long startNanos;

        App(Path dataDir, String workload) {
            this.workload = workload;
            System.setProperty("axoniq.update-checker.disabled", "true");
            context = new SpringApplicationBuilder(ConcordiaApplication.class).run(
                    "--server.port=0", "--concordia.data-dir=" + dataDir,
                    "--concordia.admin-password=growth bench keeper 7", "--logging.level.root=WARN");
            commands = context.getBean(CommandGateway.class);
            server = context.getBean(MongoConfiguration.EmbeddedMongo.class).server();
        }

        void idle(int seconds) throws InterruptedException {
            caughtUp();
            mark();
            report("start", 0);
            for (int step = 1; step <= 10; step++) {
                Thread.sleep(seconds * 100L);
                report(step * 10 + " % of " + seconds + " s", 0);
            }
        }

        void commentsOnOneIssue(int n) {
            collaboration();
            commands.sendAndWait(new RaiseIssue(cid, "long-1", IssueType.CONFLICT, "A long-running dispute",
                    "Sponsor and site disagree; the discussion goes on for months.", IssueCategory.BUDGET,
                    Severity.HIGH, Set.of("site", "sponsor"), "sita"));
            caughtUp();
            mark();
            for (int i = 1; i <= n; i++) {
                commands.sendAndWait(new CommentOnIssue("long-1", "c-" + i, comment(i), i % 2 == 0 ? "sita" : "sam"));
                caughtUp();
                checkpoint(i, n);
            }
            collectionSizes();
        }

        void issuesOfTenEvents(int k) {
            collaboration();
            mark();
            for (int i = 1; i <= k; i++) {
                String id = "i-" + i;
                commands.sendAndWait(new RaiseIssue(cid, id, IssueType.ISSUE, "Issue number " + i + " of the trial",
                        "Synthetic issue " + i + ": kit shipment, visit window or data query.", IssueCategory.values()[
                        i % IssueCategory.values().length], Severity.MEDIUM, Set.of("site"), "sita"));
                commands.sendAndWait(new AcknowledgeIssue(id, "carl"));
                commands.sendAndWait(new AssignIssue(id, "carl", null, "carl"));
                commands.sendAndWait(new ChangeSeverity(id, Severity.HIGH, "worse than thought", "carl"));
                for (int c = 1; c <= EVENTS_PER_ISSUE - 4; c++) {
                    commands.sendAndWait(new CommentOnIssue(id, id + "-c" + c, comment(c), "carl"));
                }
                caughtUp();
                checkpoint(i, k);
            }
            collectionSizes();
        }

        private void checkpoint(int done, int total) {
            if (done == Math.max(1, total / 10) || done == total / 2 || done == total * 9 / 10 || done == total) {
                report(done + " of " + total, done);
            }
        }

        private void collaboration() {
            AccountService accounts = context.getBean(AccountService.class);
            for (String user : List.of("cora", "sam", "sita", "carl")) {
                accounts.createPasswordAccount(user, user, "growth bench member 7", false, false,
                        "storage growth benchmark", ActorContext.SYSTEM_USERNAME);
            }
            commands.sendAndWait(RegisterCollaboration.of("GROW", "Growth", CollaborationKind.CLINICAL_TRIAL,
                    "Storage growth benchmark", "cora"));
            commands.sendAndWait(new RegisterParty(cid, "sponsor", "Sponsor", PartyRole.SPONSOR, "cora"));
            commands.sendAndWait(new RegisterParty(cid, "site", "Site", PartyRole.SITE, "cora"));
            commands.sendAndWait(new AddMember(cid, "sam", "sponsor", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new AddMember(cid, "sita", "site", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new AddMember(cid, "carl", "sponsor", Set.of(MemberRole.CONTRIBUTOR), "cora"));
            commands.sendAndWait(new DefineGovernanceLadder(cid, List.of(
                    new GovernanceTier("Working group", List.of("carl", "sita"), Duration.ofDays(2),
                            Duration.ofDays(14), 1),
                    new GovernanceTier("Steering committee", List.of("sam"), Duration.ofDays(5),
                            Duration.ofDays(30), 1)), "cora"));
            caughtUp();
        }

        private static String comment(int i) {
            return "Comment " + i + ": we looked at the numbers again and still do not agree on the fee per visit;"
                    + " minutes of the call attached to the evidence list.";
        }

        /** Waits until every tracking processor has handled every stored event. */
        private void caughtUp() {
            try {
                InAppCommands.caughtUp(context);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The highest position allocated, read through the event store's public read port. */
        private long head() {
            return context.getBean(CommitLog.class).headPosition();
        }

        private void mark() {
            start = server.storeStats();
            previous = start;
            previousEvents = 0;
            startHead = head();
            startNanos = System.nanoTime();
        }

        /**
         * The file and live data at this point, per event since the start of the run and since the previous report
         * (file growth, bytes written to the file, commits).
         */
        private void report(String at, int unitsDone) {
            EmbeddedMongoServer.StoreStats now = server.storeStats();
            long events = head() - startHead;
            long interval = events - previousEvents;
            String line = String.format(Locale.ROOT,
                    "%-9s %-22s events %,7d | file %,9.1f MB | live %,7.1f MB | since start, per event: file %,8.0f B,"
                            + " written %,8.0f B, commits %4.1f | since last report, per event: file %,8.0f B,"
                            + " written %,8.0f B | longest maintenance pause %d ms | %,.0f s",
                    workload, at, events, now.fileBytes() / 1e6, now.liveBytes() / 1e6,
                    per(now.fileBytes() - start.fileBytes(), events), per(now.writtenBytes() - start.writtenBytes(), events),
                    per(now.commits() - start.commits(), events),
                    per(now.fileBytes() - previous.fileBytes(), interval),
                    per(now.writtenBytes() - previous.writtenBytes(), interval),
                    now.longestMaintenancePauseMillis(), (System.nanoTime() - startNanos) / 1e9);
            previous = now;
            previousEvents = events;
            System.out.println(line);
            lines.add(line);
        }

        /**
         * Where the live data is: per collection, its documents and their BSON bytes (before the store's page
         * compression), largest first, and per event of the run.
         */
        private void collectionSizes() {
            MongoDatabase db = context.getBean(MongoDatabase.class);
            long events = head() - startHead;
            record Size(String name, long documents, long bytes) {
            }
            List<Size> sizes = new ArrayList<>();
            for (String name : db.listCollectionNames()) {
                long documents = 0;
                long bytes = 0;
                for (RawBsonDocument d : db.getCollection(name, RawBsonDocument.class).find()) {
                    documents++;
                    bytes += d.getByteBuffer().remaining();
                }
                sizes.add(new Size(name, documents, bytes));
            }
            sizes.sort(Comparator.comparingLong(Size::bytes).reversed());
            for (Size size : sizes) {
                String line = String.format(Locale.ROOT, "%-9s collection %-40s documents %,9d | BSON %,9.1f MB | "
                        + "per event %,7.0f B", workload, size.name(), size.documents(), size.bytes() / 1e6,
                        per(size.bytes(), events));
                System.out.println(line);
                lines.add(line);
            }
        }

        private static double per(long amount, long events) {
            return events == 0 ? 0 : amount / (double) events;
        }

        @Override
        public void close() {
            context.close();
        }
    }

    private StorageGrowthBenchmark() {
    }
}
