package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.eventstore.StorageSerializers;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.concordia.kernel.issue.IssueCategory;
import org.concordia.kernel.issue.IssueStatus;
import org.concordia.kernel.issue.Severity;
import org.concordia.kernel.issue.query.FindIssues;
import org.concordia.kernel.issue.query.FindOpenConflictReport;
import org.concordia.kernel.issue.query.IssuePage;
import org.concordia.query.QuerySide;
import org.concordia.query.support.DeferredReplayWrites;
import org.concordia.query.ReadModelQueryHandlers;
import org.concordia.query.audit.EventLog;
import org.concordia.query.testdata.SyntheticCollaboration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The query side at scale: one collaboration with N issues and M events (synthetic but legal domain events,
 * written straight into the event store's format), then: the raw read and write rates of the same server; a
 * full replay of every view with the processors configured as in the application (events/s, data-dir growth);
 * open-conflict report and issue-list latencies (p50/p99).
 *
 * <p>Arguments: {@code --issues=N} (default 100,000), {@code --events=M} (default 1,000,000),
 * {@code --samples=K} per query (default 200), {@code --out=FILE} also writes the markdown there,
 * {@code --cache-mb=N}, {@code --retention=MS} and {@code --flush-interval=MS} set the embedded store's (default:
 * the app's), {@code --one-processor} replays every view on one tracking processor instead of one each. The replay
 * also counts the documents it writes per collection ({@link WriteCounter}).
 */
public final class QuerySideBenchmark {

    private static final Set<String> OPTIONS = Set.of("issues", "events", "samples", "raw-read-limit", "out",
            "cache-mb", "retention", "flush-interval", "one-processor", "held");

    private int issues;
    private long events;
    private int samples;
    private long rawReadLimit;
    /** Every view on one tracking processor: the events read once for all of them (an experiment, not the app's way). */
    private boolean oneProcessor;
    /** What a replay may hold back across batches: as the app sizes it on this heap, but for {@code --held=N}. */
    private DeferredReplayWrites replayWrites;
    private Path out;
    private final Map<String, String> facts = new LinkedHashMap<>();
    /** What the replay sent to the store, per collection. */
    private final WriteCounter writes = new WriteCounter();
    private final List<String[]> rows = new ArrayList<>();
    /** The embedded store's settings: the app's, but for {@code --cache-mb}, {@code --retention}, {@code
     * --flush-interval}. */
    private EmbeddedMongoServer.Settings store;
    private final Serializer serializer = StorageSerializers.events();

    public static void main(String[] args) throws Exception {
        QuerySideBenchmark bench = new QuerySideBenchmark();
        Map<String, String> options = BenchOptions.parse(args, OPTIONS);
        bench.issues = Integer.parseInt(options.getOrDefault("issues", "100000").replace("_", ""));
        bench.events = Long.parseLong(options.getOrDefault("events", "1000000").replace("_", ""));
        bench.samples = Integer.parseInt(options.getOrDefault("samples", "200"));
        bench.rawReadLimit = Long.parseLong(options.getOrDefault("raw-read-limit", String.valueOf(Long.MAX_VALUE))
                .replace("_", ""));
        bench.oneProcessor = options.containsKey("one-processor");
        bench.replayWrites = options.containsKey("held")
                ? new DeferredReplayWrites(Integer.parseInt(options.get("held").replace("_", "")))
                : QuerySide.replayWritesFor(Runtime.getRuntime().maxMemory());
        bench.out = options.containsKey("out") ? Paths.get(options.get("out")) : null;
        EmbeddedMongoServer.Settings app = EmbeddedMongoServer.Settings.defaults(256);
        bench.store = new EmbeddedMongoServer.Settings(
                Integer.parseInt(options.getOrDefault("cache-mb", String.valueOf(app.cacheSizeMb()))),
                millis(options.get("retention"), app.retention()),
                millis(options.get("flush-interval"), app.flushInterval()));
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("concordia-qbench-");
        try {
            bench.run(dataDir);
        } finally {
            deleteRecursively(dataDir);
        }
        bench.facts.put("Run time", String.format(Locale.ROOT, "%.1f min", (System.nanoTime() - started) / 60e9));
        String markdown = bench.markdown();
        System.out.println(markdown);
        if (bench.out != null) {
            Files.writeString(bench.out, markdown);
        }
        System.exit(0);
    }

    private static Duration millis(String value, Duration otherwise) {
        return value == null ? otherwise : Duration.ofMillis(Long.parseLong(value));
    }

    private void run(Path dataDir) throws Exception {
        facts.put("Date", DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC)
                .format(Instant.now().truncatedTo(ChronoUnit.SECONDS)) + " UTC");
        facts.put("Machine", Runtime.getRuntime().availableProcessors() + " cores (shared with other builds), "
                + "max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Store settings", "page cache " + store.cacheSizeMb() + " MB, retention "
                + store.retention().toMillis() + " ms, flush interval "
                + store.flushInterval().toMillis() + " ms");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, store,
                MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD).addCommandListener(writes)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            facts.put("Server", "EmbeddedMongoServer (durable H2 MVStore backend, as the app runs it) "
                    + "in a fresh temp dir; one MongoClient");
            MongoDatabase db = client.getDatabase("concordia");
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(db)
                    .eventSerializer(serializer).snapshotSerializer(serializer).batchSize(100).build();

            long size0 = fileSize(server.storeFile());
            int raised = prefill(engine);
            long size1 = fileSize(server.storeFile());
            facts.put("Data dir after the prefill", mb(size1 - size0) + " for " + fmtInt(events) + " events");

            rawRates(client.getDatabase("raw"), engine);

            // as the app configures the embedded server: read models and tokens acknowledged without a commit
            MongoDatabase redeliverable = db.withWriteConcern(com.mongodb.WriteConcern.W1.withJournal(false));
            QuerySide querySide = new QuerySide(db, redeliverable, eventLog(engine), replayWrites);
            querySide.ensureIndexes();
            long size2 = fileSize(server.storeFile());
            writes.start();
            replay(engine, redeliverable, querySide);
            writes.stop();
            long size3 = fileSize(server.storeFile());
            facts.put("Data dir growth during the replay of all views", mb(size3 - size2)
                    + String.format(Locale.ROOT, " (%.1f KB per event)", (size3 - size2) / 1024.0 / events));
            EmbeddedMongoServer.StoreStats stats = server.storeStats();
            facts.put("Store after the replay", String.format(Locale.ROOT, "file %s, live %s, %,d commits, longest "
                    + "maintenance pause %d ms", mb(stats.fileBytes()), mb(stats.liveBytes()), stats.commits(),
                    stats.longestMaintenancePauseMillis()));

            ReadModelQueryHandlers queries = (ReadModelQueryHandlers) querySide.queryHandlers().get(0);
            measureQueries(queries, raised);
        }
    }

    // ------------------------------------------------------------------ prefill

    private int prefill(MongoEventStorageEngine engine) {
        Instant start = Instant.now().minus(SyntheticCollaboration.meanPause(BenchConsortium.CAST).multipliedBy(events));
        SyntheticCollaboration history = new SyntheticCollaboration(BenchConsortium.CAST, 42, issues, events, start);
        List<DomainEventMessage<?>> chunk = new ArrayList<>(10_000);
        long t = System.nanoTime();
        long written = 0;
        while (history.hasNext()) {
            chunk.add(history.next());
            if (chunk.size() == 10_000 || !history.hasNext()) {
                engine.importOneEventPerCommit(chunk, 1000);
                written += chunk.size();
                chunk.clear();
                if (written % 100_000 == 0) {
                    progress(String.format(Locale.ROOT, "prefill %,d events (%.0f s)", written,
                            (System.nanoTime() - t) / 1e9));
                }
            }
        }
        double s = (System.nanoTime() - t) / 1e9;
        facts.put("Data", String.format(Locale.ROOT, "one collaboration, %,d issues, %,d events (setup, raising, "
                + "acknowledging, assigning, comments, severity changes, escalations, SLA breaches, proposals, votes "
                + "with recusal, adoptions/rejections, CAPA actions, closing, reopening, withdrawing); written as one "
                + "commit per event with insertMany of 1,000 commits in %.0f s (%,.0f events/s)",
                history.issuesRaised(), written, s, written / s));
        events = written;
        return history.issuesRaised();
    }

    // ------------------------------------------------------------------ raw rates

    private void rawRates(MongoDatabase raw, MongoEventStorageEngine engine) throws InterruptedException {
        MongoCollection<Document> docs = raw.getCollection("docs");
        String filler = "x".repeat(800);
        int n = 20_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i += 100) {
            List<Document> batch = new ArrayList<>();
            for (int k = i; k < i + 100; k++) {
                batch.add(new Document("_id", "doc-" + k).append("n", k).append("body", filler));
            }
            docs.insertMany(batch);
        }
        row("raw", "raw `insertMany`, batches of 100 one-KB documents", n / secondsSince(t), "docs/s");
        t = System.nanoTime();
        for (int i = 0; i < n; i += 100) {
            List<WriteModel<Document>> batch = new ArrayList<>();
            for (int k = i; k < i + 100; k++) {
                batch.add(new ReplaceOneModel<>(Filters.eq("_id", "doc-" + k),
                        new Document("_id", "doc-" + k).append("n", k + 1).append("body", filler),
                        new ReplaceOptions().upsert(true)));
            }
            docs.bulkWrite(batch, new BulkWriteOptions().ordered(false));
        }
        row("raw", "raw `bulkWrite` of 100 `replaceOne` upserts by `_id`, one-KB documents", n / secondsSince(t),
                "docs/s");
        t = System.nanoTime();
        long read = 0;
        for (int i = 0; i < n; i += 100) {
            List<String> ids = new ArrayList<>();
            for (int k = i; k < i + 100; k++) {
                ids.add("doc-" + k);
            }
            for (Document ignored : docs.find(Filters.in("_id", ids))) {
                read++;
            }
        }
        row("raw", "raw `find` by `_id $in` 100 ids, one-KB documents", read / secondsSince(t), "docs/s");

        // the event store read by a tracking processor that does nothing with the events
        AtomicLong seen = new AtomicLong();
        Object noop = new Object() {
            @EventHandler
            public void on(Object payload) {
                seen.incrementAndGet();
            }
        };
        Configuration axon = DefaultConfigurer.defaultConfiguration(false).configureEmbeddedEventStore(c -> engine)
                                              .configureSerializer(c -> serializer)
                                              .configureEventSerializer(c -> serializer).buildConfiguration();
        axon.start();
        TrackingEventProcessor processor = TrackingEventProcessor.builder().name("raw-read")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(noop).build())
                .messageSource(axon.eventStore()).tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100).andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
        long toRead = Math.min(events, rawReadLimit);
        t = System.nanoTime();
        processor.start();
        while (seen.get() < toRead) {
            Thread.sleep(20);
        }
        double s = secondsSince(t);
        processor.shutDown();
        axon.shutdown();
        row("raw", "event store read: one tracking processor over the first " + fmtInt(toRead)
                + " events (batch 100), payloads deserialised, no-op handler", toRead / s, "events/s");
    }

    // ------------------------------------------------------------------ replay

    private void replay(MongoEventStorageEngine engine, MongoDatabase db, QuerySide querySide)
            throws InterruptedException {
        TokenStore tokens = replayWrites.tokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(db).build())
                .serializer(serializer).build());
        Configurer configurer = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer);
        Map<String, List<String>> processors = new TreeMap<>();
        querySide.projectionsByGroup().keySet().forEach(group ->
                processors.computeIfAbsent(oneProcessor ? "all-views" : group, p -> new ArrayList<>()).add(group));
        configurer.eventProcessing(ep -> {
            ep.registerTokenStore(c -> tokens);
            ep.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
            processors.forEach((processor, groups) -> {
                ep.registerTrackingEventProcessor(processor, c -> c.eventStore(), c -> processorConfiguration());
                ep.registerSequencingPolicy(processor, c -> QuerySide.sequencingPolicy());
                for (String group : groups) {
                    ep.assignProcessingGroup(group, processor);
                    ep.registerEventHandler(c -> querySide.projectionsByGroup().get(group));
                    ep.registerHandlerInterceptor(processor, c -> querySide.batchInterceptor(group));
                }
            });
        });
        long head = engine.headPosition();
        long t = System.nanoTime();
        Configuration axon = configurer.start();
        Map<String, Double> doneAt = new TreeMap<>();
        long lastReport = System.nanoTime();
        while (doneAt.size() < processors.size()) {
            Thread.sleep(50);
            Map<String, Long> positions = new TreeMap<>();
            for (String group : processors.keySet()) {
                StreamingEventProcessor p = axon.eventProcessingConfiguration()
                        .eventProcessor(group, StreamingEventProcessor.class).orElseThrow();
                if (p.isError()) {
                    throw new IllegalStateException(group + " is in error: " + p.processingStatus());
                }
                long position = p.processingStatus().values().stream()
                        .mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
                positions.put(group, position);
                if (position >= head && !doneAt.containsKey(group)) {
                    doneAt.put(group, secondsSince(t));
                }
            }
            if (System.nanoTime() - lastReport > 30e9) {
                lastReport = System.nanoTime();
                progress(String.format(Locale.ROOT, "replay %.0f s: %s of %,d", secondsSince(t), positions, head));
            }
        }
        double all = secondsSince(t);
        axon.shutdown();
        row("replay", "replay of all views together (each processor reads all " + fmtInt(events)
                + " events), wall time to the last one caught up", events / all, "events/s");
        doneAt.forEach((group, s) -> row("replay", "… `" + group + "` caught up after "
                + String.format(Locale.ROOT, "%.0f s", s), events / s, "events/s"));
        facts.put("Processors", "as in the app: " + processorDescription() + "; a replay holds up to "
                + fmtInt(replayWrites.documentsHeld()) + " documents per view across batches (`DeferredReplayWrites`), "
                + fmtInt(replayWrites.batchesHeld()) + " batches held back");
    }

    /** The processors as the application configures them. */
    private static TrackingEventProcessorConfiguration processorConfiguration() {
        return QuerySide.processorConfiguration();
    }

    private static String processorDescription() {
        return "one tracking processor per view, one thread, one segment, batch size " + QuerySide.BATCH_SIZE
                + ", writes flushed once per batch (`WriteBatch`), CollaborationSequencingPolicy, MongoTokenStore, PropagatingErrorHandler";
    }

    // ------------------------------------------------------------------ queries

    private void measureQueries(ReadModelQueryHandlers queries, int raised) {
        String cid = BenchConsortium.CAST.collaborationId();
        Instant now = Instant.now();
        latency("report", "open-conflict report (" + fmtInt(raised) + " issues)",
                () -> queries.handle(new FindOpenConflictReport(cid, now, null)).totalOpen());
        Map<String, FindIssues> lists = new LinkedHashMap<>();
        lists.put("no filter, first page of 20", find(cid, null, null, null, null, null, null, 0));
        lists.put("no filter, page 100 of 20", find(cid, null, null, null, null, null, null, 100));
        lists.put("status=OPEN", find(cid, IssueStatus.OPEN, null, null, null, null, null, 0));
        lists.put("tier=2", find(cid, null, 2, null, null, null, null, 0));
        lists.put("severity=HIGH", find(cid, null, null, Severity.HIGH, null, null, null, 0));
        lists.put("category=SAFETY", find(cid, null, null, null, IssueCategory.SAFETY, null, null, 0));
        lists.put("party=SITE2", find(cid, null, null, null, null, "SITE2", null, 0));
        lists.put("status=OPEN & severity=CRITICAL & party=DMC",
                find(cid, IssueStatus.OPEN, null, Severity.CRITICAL, null, "DMC", null, 0));
        lists.put("q=\"freezer\" (one word)", find(cid, null, null, null, null, null, "freezer", 0));
        lists.put("q=\"visit window\" (two words)", find(cid, null, null, null, null, null, "visit window", 0));
        lists.put("q=\"#" + (raised / 2) + "\" (one issue)",
                find(cid, null, null, null, null, null, "#" + (raised / 2), 0));
        lists.put("status=OPEN & q=\"dose\"", find(cid, IssueStatus.OPEN, null, null, null, null, "dose", 0));
        lists.forEach((label, q) -> latency("list", "issue list: " + label, () -> {
            IssuePage page = queries.handle(q);
            return page.total();
        }));
    }

    private static FindIssues find(String cid, IssueStatus status, Integer tier, Severity severity,
                                   IssueCategory category, String party, String text, int page) {
        return new FindIssues(cid, status, tier, severity, category, party, text, page, 20, null);
    }

    private void latency(String group, String label, Supplier<Object> query) {
        Object answer = query.get(); // warm-up
        for (int i = 0; i < 3; i++) {
            query.get();
        }
        List<Double> ms = new ArrayList<>();
        long budget = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; i < samples && System.nanoTime() < budget; i++) {
            long t = System.nanoTime();
            query.get();
            ms.add((System.nanoTime() - t) / 1e6);
        }
        ms.sort(Comparator.naturalOrder());
        String value = String.format(Locale.ROOT, "p50 %s / p99 %s", fmt(percentile(ms, 0.5)),
                fmt(percentile(ms, 0.99)));
        rows.add(new String[]{group, label + " → " + answer, value, "ms (" + ms.size() + " samples)"});
        progress(label + ": " + value + " ms (answer " + answer + ")");
    }

    // ------------------------------------------------------------------ helpers

    private static EventLog eventLog(MongoEventStorageEngine engine) {
        return new EventLog() {
            @Override
            public List<TrackedEventMessage<?>> readPositions(Collection<Long> positions) {
                return engine.readPositions(positions);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Stream<TrackedEventMessage<?>> readFrom(long afterPosition) {
                GapAwareTrackingToken after = afterPosition < 1 ? null
                        : GapAwareTrackingToken.newInstance(afterPosition, List.of());
                return (Stream<TrackedEventMessage<?>>) engine.readEvents(after, false);
            }

            @Override
            public long headPosition() {
                long head = engine.headPosition();
                return head == 0 ? -1 : head;
            }
        };
    }

    private void row(String group, String label, double value, String unit) {
        rows.add(new String[]{group, label, fmt(value), unit});
        progress(label + ": " + fmt(value) + " " + unit);
    }

    private String markdown() {
        StringBuilder md = new StringBuilder();
        facts.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\n| | measure | value | unit |\n|---|---|---:|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(r[0]).append(" | ").append(r[1]).append(" | ").append(r[2]).append(" | ")
              .append(r[3]).append(" |\n");
        }
        md.append("\nWhat the replay of all views sent to the store, per collection (documents written: inserted, "
                  + "replaced, updated or deleted; per event: per event of the store, every view reading all of them):"
                  + "\n\n").append(writes.table(events));
        return md.toString();
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double secondsSince(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String fmtInt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void progress(String message) {
        System.err.println("[qbench] " + message);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
