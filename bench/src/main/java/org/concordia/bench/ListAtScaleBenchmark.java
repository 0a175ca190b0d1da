package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.IssueOrder;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.query.issue.IssueListPages;
import org.concordia.query.issue.IssueState;
import org.concordia.query.report.OpenConflictReportProjection;
import org.concordia.query.report.ReportContribution;
import org.concordia.query.report.ReportCounters;
import org.concordia.query.support.CollaborationCursor;
import org.concordia.query.testdata.SyntheticCollaboration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Query latency at scale without a replay: folds a synthetic history of N issues in memory (the projections'
 * own {@link IssueState}), writes the issue list in the new layout (through {@link IssueListPages}, batched) and
 * in the layout before issue #4 ({@link LegacyIssueList}: 1,000-row pages filtered in memory), and the report
 * counters document; then times the same list queries on both and the report query. Same server, same data.
 *
 * <p>Arguments: {@code --issues=N} (100,000), {@code --events=M} (250,000), {@code --samples=K} (50),
 * {@code --time-legacy=false} (the layout before #4 still answers every query once, to check the answers, but is
 * not timed).
 */
public final class ListAtScaleBenchmark {

    public static void main(String[] args) throws Exception {
        int issues = 100_000;
        long events = 250_000;
        int samples = 50;
        boolean timeLegacy = true;
        for (String arg : args) {
            if (arg.startsWith("--issues=")) {
                issues = Integer.parseInt(arg.substring(9));
            } else if (arg.startsWith("--events=")) {
                events = Long.parseLong(arg.substring(9));
            } else if (arg.startsWith("--samples=")) {
                samples = Integer.parseInt(arg.substring(10));
            } else if (arg.startsWith("--time-legacy=")) {
                timeLegacy = Boolean.parseBoolean(arg.substring(14));
            }
        }
        Path dir = Files.createTempDirectory("concordia-listbench-");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 256, MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD).addCommandListener(LOOKUPS)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoDatabase db = client.getDatabase("concordia");
            Map<String, IssueState> states = new LinkedHashMap<>();
            var history = new SyntheticCollaboration(BenchConsortium.CAST, 42, issues, events,
                    Instant.now().minus(SyntheticCollaboration.meanPause(BenchConsortium.CAST).multipliedBy(events)));
            String cid = null;
            while (history.hasNext()) {
                DomainEventMessage<?> m = history.next();
                if (m.getPayload() instanceof IssueEvent e) {
                    cid = e.collaborationId();
                    states.put(e.issueId(), IssueState.apply(states.get(e.issueId()), e, m.getTimestamp(),
                            m.getSequenceNumber()));
                }
            }
            System.out.printf(Locale.ROOT, "[listbench] folded %,d issues%n", states.size());

            long t = System.nanoTime();
            IssueListPages list = new IssueListPages(db);
            List<IssueState> all = new ArrayList<>(states.values());
            for (int from = 0; from < all.size(); from += 2000) {
                DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
                for (IssueState s : all.subList(from, Math.min(from + 2000, all.size()))) {
                    list.load(s);
                }
                uow.commit();
            }
            System.out.printf(Locale.ROOT, "[listbench] new list written in %.0f s%n", (System.nanoTime() - t) / 1e9);
            for (String name : List.of(IssueListPages.ROWS, IssueListPages.BITS, IssueListPages.TEXT,
                    IssueListPages.GRAMS, IssueListPages.META)) {
                System.out.printf(Locale.ROOT, "[listbench] %s: %,d documents%n", name,
                        db.getCollection(name).countDocuments());
            }
            System.out.printf(Locale.ROOT, "[listbench] distinct trigrams per issue: %.1f on average%n",
                    all.stream().mapToInt(s -> IssueListPages.trigrams(
                            IssueListPages.searchText(s.title, s.description)).size()).average().orElse(0));
            t = System.nanoTime();
            LegacyIssueList legacy = new LegacyIssueList(db);
            legacy.writeAll(all);
            System.out.printf(Locale.ROOT, "[listbench] legacy list written in %.0f s%n", (System.nanoTime() - t) / 1e9);

            CollaborationCursor<ReportCounters> cursor = new CollaborationCursor<>(db, "report_counters",
                    ReportCounters.class, ReportCounters::new);
            CollaborationCursor.Loaded<ReportCounters> counters = cursor.read(cid);
            all.forEach(s -> counters.state.apply(new ReportContribution.Delta(s.id, ReportContribution.NONE,
                    ReportContribution.of(s))));
            counters.lastPosition = events;
            cursor.save(counters);
            OpenConflictReportProjection reports = new OpenConflictReportProjection(db);
            String c = cid;
            Instant now = Instant.now();
            time("open-conflict report", samples, () -> reports.find(c, now).totalOpen());

            Map<String, FindIssues> queries = new LinkedHashMap<>();
            queries.put("no filter, first page of 20", find(cid, null, null, null, null, null, null, 0));
            queries.put("no filter, page 100 of 20", find(cid, null, null, null, null, null, null, 100));
            queries.put("status=OPEN", find(cid, IssueStatus.OPEN, null, null, null, null, null, 0));
            queries.put("tier=2", find(cid, null, 2, null, null, null, null, 0));
            queries.put("severity=HIGH", find(cid, null, null, Severity.HIGH, null, null, null, 0));
            queries.put("category=SAFETY", find(cid, null, null, null, IssueCategory.SAFETY, null, null, 0));
            queries.put("party=SITE2", find(cid, null, null, null, null, "SITE2", null, 0));
            queries.put("status=OPEN & severity=CRITICAL & party=DMC",
                    find(cid, IssueStatus.OPEN, null, Severity.CRITICAL, null, "DMC", null, 0));
            queries.put("q=\"freezer\"", find(cid, null, null, null, null, null, "freezer", 0));
            queries.put("q=\"visit window\"", find(cid, null, null, null, null, null, "visit window", 0));
            queries.put("status=OPEN & severity=CRITICAL & q=\"dose\"",
                    find(cid, IssueStatus.OPEN, null, Severity.CRITICAL, null, null, "dose", 0));
            queries.put("q=\"kit\"", find(cid, null, null, null, null, null, "kit", 0));
            queries.put("q=\"excursion freezer\"", find(cid, null, null, null, null, null, "excursion freezer", 0));
            queries.put("q=\"#4711\"", find(cid, null, null, null, null, null, "#4711", 0));
            queries.put("q=\"zz\" (short: scans)", find(cid, null, null, null, null, null, "zz", 0));
            queries.put("sort=DUE, first page of 20", find(cid, null, null, null, null, null, null, 0, IssueOrder.DUE));
            queries.put("sort=DUE, page 100 of 20", find(cid, null, null, null, null, null, null, 100, IssueOrder.DUE));
            queries.put("sort=DUE & status=OPEN & severity=CRITICAL & party=DMC",
                    find(cid, IssueStatus.OPEN, null, Severity.CRITICAL, null, "DMC", null, 0, IssueOrder.DUE));
            queries.put("sort=ACTIVITY, first page of 20",
                    find(cid, null, null, null, null, null, null, 0, IssueOrder.ACTIVITY));
            queries.put("sort=ACTIVITY, page 100 of 20",
                    find(cid, null, null, null, null, null, null, 100, IssueOrder.ACTIVITY));
            queries.put("sort=ACTIVITY & category=SAFETY",
                    find(cid, null, null, null, IssueCategory.SAFETY, null, null, 0, IssueOrder.ACTIVITY));
            for (Map.Entry<String, FindIssues> q : queries.entrySet()) {
                IssuePage fresh = list.find(q.getValue());
                IssuePage old = legacy.find(q.getValue());
                if (!fresh.equals(old)) {
                    throw new IllegalStateException("different answers for " + q.getKey());
                }
                time("list (new) " + q.getKey(), samples, () -> list.find(q.getValue()).total());
                if (timeLegacy) {
                    time("list (before #4) " + q.getKey(), samples, () -> legacy.find(q.getValue()).total());
                }
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static FindIssues find(String cid, IssueStatus status, Integer tier, Severity severity,
                                   IssueCategory category, String party, String text, int page) {
        return find(cid, status, tier, severity, category, party, text, page, IssueOrder.NEWEST);
    }

    private static FindIssues find(String cid, IssueStatus status, Integer tier, Severity severity,
                                   IssueCategory category, String party, String text, int page, IssueOrder order) {
        return new FindIssues(cid, status, tier, severity, category, party, text, page, 20, null, null, order);
    }

    /** Counts the commands and the {@code _id}s they look up ({@code $in} lists count each id). */
    private static final class Lookups implements CommandListener {
        final AtomicLong commands = new AtomicLong();
        final AtomicLong ids = new AtomicLong();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (!event.getCommandName().equals("find")) {
                return;
            }
            commands.incrementAndGet();
            BsonValue id = event.getCommand().getDocument("filter", new BsonDocument()).get("_id");
            ids.addAndGet(id != null && id.isDocument() && id.asDocument().containsKey("$in")
                    ? id.asDocument().getArray("$in").size() : 1);
        }
    }

    private static final Lookups LOOKUPS = new Lookups();

    private static void time(String label, int samples, java.util.function.Supplier<Object> query) {
        long commands = LOOKUPS.commands.get();
        long ids = LOOKUPS.ids.get();
        Object answer = query.get();
        System.out.printf(Locale.ROOT, "[listbench] %s: %d find commands, %d _ids%n", label,
                LOOKUPS.commands.get() - commands, LOOKUPS.ids.get() - ids);
        List<Double> ms = new ArrayList<>();
        long budget = System.nanoTime() + 15_000_000_000L;
        for (int i = 0; i < samples && System.nanoTime() < budget; i++) {
            long t = System.nanoTime();
            query.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(Comparator.naturalOrder());
        System.out.printf(Locale.ROOT, "| %s → %s | %.1f | %.1f | %d |%n", label, answer, pct(ms, 0.5), pct(ms, 0.99),
                ms.size());
    }

    private static double pct(List<Double> sorted, double p) {
        int i = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(i, sorted.size() - 1)));
    }
}
