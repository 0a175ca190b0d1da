package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.kernel.issue.IssueEvent;
import org.concordia.kernel.issue.query.OpenConflictReport;
import org.concordia.query.QuerySide;
import org.concordia.query.asof.AsOf;
import org.concordia.query.audit.AuditIndexProjection;
import org.concordia.query.audit.AuditTrail;
import org.concordia.query.audit.EventLog;
import org.concordia.query.report.OpenConflictReportProjection;
import org.concordia.query.testdata.SyntheticCollaboration;

/**
 * The open-conflict report as of an instant, on one collaboration with a long history: the full replay it was
 * (every event of the collaboration read through the audit index and folded) against the nearest snapshot plus
 * the changes logged after it. Builds the issue-reports and audit-index read models on the embedded server (a data
 * directory in a temporary folder) in tracking-sized batches, the events themselves held in memory (so the full
 * replay's time here leaves out reading events from the store: it is a lower bound of what the application spends).
 *
 * <p>Arguments: {@code --issues=N} (default 10,000), {@code --events=M} (default 50,000), {@code --samples=K}
 * snapshot reads (default 200), {@code --replays=R} full replays (default 5), {@code --out=FILE} writes the
 * markdown into FILE's {@code asof} section.
 */
public final class AsOfBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchOptions.parse(args);
        int issues = Integer.parseInt(options.getOrDefault("issues", "10000"));
        long events = Long.parseLong(options.getOrDefault("events", "50000"));
        int samples = Integer.parseInt(options.getOrDefault("samples", "200"));
        int replays = Integer.parseInt(options.getOrDefault("replays", "5"));
        Path out = options.containsKey("out") ? Path.of(options.get("out")) : null;
        String loadAtStart = HttpBenchmark.loadAverage();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path dir = Files.createTempDirectory("concordia-asofbench-");
        AtomicLong commands = new AtomicLong();
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.incrementAndGet();
            }
        };
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 256,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD).addCommandListener(counter)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoDatabase db = client.getDatabase("concordia");
            List<TrackedEventMessage<?>> log = new ArrayList<>();
            var history = new SyntheticCollaboration(BenchConsortium.CAST, 42, issues, events,
                    Instant.now().minus(SyntheticCollaboration.meanPause(BenchConsortium.CAST).multipliedBy(events)));
            String cid = BenchConsortium.CAST.collaborationId();
            while (history.hasNext()) {
                DomainEventMessage<?> m = history.next();
                log.add(new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(log.size()), m));
            }

            OpenConflictReportProjection reports = new OpenConflictReportProjection(db);
            AuditIndexProjection audit = new AuditIndexProjection(db);
            long t = System.nanoTime();
            for (int from = 0; from < log.size(); from += QuerySide.BATCH_SIZE) {
                DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
                for (int p = from; p < Math.min(from + QuerySide.BATCH_SIZE, log.size()); p++) {
                    TrackedEventMessage<?> m = log.get(p);
                    if (m.getPayload() instanceof IssueEvent e) {
                        reports.handle(e, ((DomainEventMessage<?>) m).getSequenceNumber(), p, m.getTimestamp());
                    }
                }
                uow.commit();
            }
            double reportSeconds = (System.nanoTime() - t) / 1e9;
            for (int from = 0; from < log.size(); from += QuerySide.BATCH_SIZE) {
                DefaultUnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
                for (int p = from; p < Math.min(from + QuerySide.BATCH_SIZE, log.size()); p++) {
                    audit.handle(log.get(p).getPayload(), log.get(p) instanceof org.axonframework.eventhandling.DomainEventMessage<?> d
                            ? d.getSequenceNumber() : -1, p);
                }
                uow.commit();
            }
            System.out.printf(Locale.ROOT, "[asofbench] %,d events; issue-reports built in %.0f s%n", log.size(),
                    reportSeconds);

            AuditTrail trail = new AuditTrail(audit, new ListLog(log));
            AsOf fullReplay = new AsOf(trail);
            Instant first = log.get(0).getTimestamp();
            Instant last = log.get(log.size() - 1).getTimestamp();
            Random random = new Random(7);
            Supplier<Instant> instant = () -> first.plusMillis((long) (random.nextDouble()
                    * (last.toEpochMilli() - first.toEpochMilli())));

            List<Double> replayMs = new ArrayList<>();
            List<Long> replayCommands = new ArrayList<>();
            int equal = 0;
            for (int i = 0; i < replays; i++) {
                Instant asOf = instant.get();
                long c0 = commands.get();
                long t0 = System.nanoTime();
                OpenConflictReport replayed = fullReplay.rebuild(cid, asOf).report(asOf);
                replayMs.add((System.nanoTime() - t0) / 1e6);
                replayCommands.add(commands.get() - c0);
                if (reports.findAsOf(cid, asOf, asOf, null).orElseThrow().equals(replayed)) {
                    equal++;
                }
            }
            List<Double> snapshotMs = new ArrayList<>();
            long c0 = commands.get();
            int fallbacks = 0;
            for (int i = 0; i < samples + 20; i++) {
                Instant asOf = instant.get();
                long t0 = System.nanoTime();
                boolean answered = reports.findAsOf(cid, asOf, asOf, null).isPresent();
                if (i >= 20) { // the first 20 warm up
                    snapshotMs.add((System.nanoTime() - t0) / 1e6);
                }
                fallbacks += answered ? 0 : 1;
            }
            double snapshotCommands = (commands.get() - c0) / (double) (samples + 20);
            Document counters = db.getCollection("report_counters").find().first();
            long countersChars = counters.getString("json").length();
            long snapshots = db.getCollection("report_asof_snapshots").countDocuments();
            long snapshotChars = chars(db, "report_asof_snapshots");
            long chunkChars = chars(db, "report_asof_chunks");
            long issueChars = chars(db, "report_issues");

            StringBuilder md = new StringBuilder();
            md.append("- **Date**: ").append(started).append('\n');
            md.append("- **Machine**: ").append(Runtime.getRuntime().availableProcessors())
              .append(" cores shared with other work; load average at start ").append(loadAtStart).append('\n');
            md.append(String.format(Locale.ROOT, "- **Data**: one collaboration, %,d issues, %,d events (the bench "
                    + "consortium's synthetic history); issue-reports and audit-index built in batches of %d on the "
                    + "embedded server (issue-reports in %.0f s)%n", history.issuesRaised(), log.size(),
                    QuerySide.BATCH_SIZE, reportSeconds));
            md.append(String.format(Locale.ROOT, "- **Stored for as-of reads**: %,d snapshots (%,.1f MB of JSON), "
                    + "the change log %,.1f MB; beside the report's per-issue working state (%,.1f MB) and its "
                    + "counters (%,.0f kB)%n", snapshots, snapshotChars / 1e6, chunkChars / 1e6, issueChars / 1e6,
                    countersChars / 1e3));
            md.append("- **Load average at the end**: ").append(HttpBenchmark.loadAverage()).append('\n');
            md.append('\n');
            md.append("| the report as of a random instant | reads | p50 ms | p95 ms | p99 ms | MongoDB commands per read |\n");
            md.append("|---|---:|---:|---:|---:|---:|\n");
            md.append(String.format(Locale.ROOT, "| full replay (before; events from memory) | %d | %.1f | %.1f | %.1f | %.0f |%n",
                    replayMs.size(), pct(replayMs, 50), pct(replayMs, 95), pct(replayMs, 99),
                    replayCommands.stream().mapToLong(Long::longValue).average().orElse(0)));
            md.append(String.format(Locale.ROOT, "| nearest snapshot + logged changes (after) | %d | %.1f | %.1f | %.1f | %.1f |%n",
                    snapshotMs.size(), pct(snapshotMs, 50), pct(snapshotMs, 95), pct(snapshotMs, 99),
                    snapshotCommands));
            md.append(String.format(Locale.ROOT, "%nThe two agreed on %d of %d instants; %d of %d snapshot reads "
                    + "fell back to the full replay.%n", equal, replays, fallbacks, samples + 20));
            System.out.println(md);
            if (out != null) {
                HttpBenchmark.writeSection(out, "asof", md.toString());
            }
        }
    }

    private static long chars(MongoDatabase db, String collection) {
        long total = 0;
        for (Document doc : db.getCollection(collection).find()) {
            total += doc.toJson().length();
        }
        return total;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** The event log held in memory: position = index. */
    private record ListLog(List<TrackedEventMessage<?>> events) implements EventLog {
        @Override
        public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
            return positions.stream().filter(p -> p >= 0 && p < events.size()).sorted()
                            .<TrackedEventMessage<?>>map(p -> events.get(p.intValue())).toList();
        }

        @Override
        public Stream<TrackedEventMessage<?>> readFrom(long afterPosition) {
            return events.subList((int) Math.min(events.size(), afterPosition + 1), events.size()).stream();
        }

        @Override
        public long headPosition() {
            return events.size() - 1;
        }
    }
}
