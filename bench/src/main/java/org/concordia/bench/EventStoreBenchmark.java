package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.DocumentCodec;
import org.concordia.bench.Account.AccountOpened;
import org.concordia.bench.Account.Deposit;
import org.concordia.bench.Account.Deposited;
import org.concordia.bench.Account.OpenAccount;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;

/**
 * Side-by-side benchmark of Concordia's MongoDB event storage engine and the stock Axon Mongo extension engine, on
 * one embedded MongoDB-wire server (mongo-java-server + durable H2 MVStore backend) in one JVM run.
 *
 * <p>Arguments: {@code --quick} (small sizes, for development), {@code --write} (update BENCHMARKS.md in the
 * working directory's repository root), {@code --out=PATH} (where BENCHMARKS.md is).
 */
public final class EventStoreBenchmark {

    // ------------------------------------------------------------------ options

    static final class Options {
        boolean quick;
        boolean write;
        Path out;
        int prefill = 100_000;          // events in each store before (b)-(e)
        int bigAggregates = 10;         // aggregates of 100 events inside the prefill, for (e)
        int bigAggregateSize = 100;
        int smallAggregateSize = 10;
        int rounds = 3;
        int commandsPerRound = 2_000;   // (b), (c)
        int rawSinglePerRound = 2_000;  // (a) insertOne
        int rawBatchPerRound = 20_000;  // (a) insertMany(100)
        int warmupCommands = 300;
        int loadSamples = 100;          // (e) ours, per round
        int stockLoadSamples = 10;      // (e) stock, per round
        Duration stockRoundBudget = Duration.ofSeconds(30);
        Duration replayBudget = Duration.ofSeconds(90);
        Duration stockReplayBudget = Duration.ofSeconds(90);
        int replayTarget = 100_000;

        static Options parse(String[] args) {
            Options o = new Options();
            for (String arg : args) {
                if (arg.equals("--quick")) {
                    o.quick = true;
                } else if (arg.equals("--write")) {
                    o.write = true;
                } else if (arg.startsWith("--out=")) {
                    o.out = Paths.get(arg.substring("--out=".length()));
                } else if (!arg.isBlank()) {
                    throw new IllegalArgumentException("unknown argument " + arg
                                                       + " (use --quick, --write, --out=PATH)");
                }
            }
            if (Boolean.getBoolean("bench.quick")) {
                o.quick = true;
            }
            if (o.quick) {
                o.prefill = 5_000;
                o.bigAggregates = 5;
                o.commandsPerRound = 200;
                o.rawSinglePerRound = 300;
                o.rawBatchPerRound = 2_000;
                o.warmupCommands = 50;
                o.loadSamples = 20;
                o.stockLoadSamples = 5;
                o.stockRoundBudget = Duration.ofSeconds(8);
                o.replayBudget = Duration.ofSeconds(20);
                o.stockReplayBudget = Duration.ofSeconds(10);
                o.replayTarget = 5_000;
            }
            if (o.out == null) {
                o.out = locateRepositoryRoot().resolve("BENCHMARKS.md");
            }
            return o;
        }

        /** exec:java runs in bench/; the repository root is where mvnw lives. */
        private static Path locateRepositoryRoot() {
            Path dir = Paths.get("").toAbsolutePath();
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p.resolve("mvnw")) && Files.exists(p.resolve("bench"))) {
                    return p;
                }
            }
            return dir;
        }
    }

    // ------------------------------------------------------------------ results

    /** One measured quantity over several rounds. */
    static final class Row {
        final String id;
        final String label;
        final String unit;
        final List<Double> values = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Row(String id, String label, String unit) {
            this.id = id;
            this.label = label;
            this.unit = unit;
        }

        double min() {
            return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        double median() {
            return EventStoreBenchmark.median(values);
        }
    }

    record Round(long ops, double seconds, boolean finished) {
        double rate() {
            return ops / seconds;
        }
    }

    private final Options opts;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final Random random = new Random(42);
    private final List<Configuration> configurations = new ArrayList<>();

    private EventStoreBenchmark(Options opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Options opts = Options.parse(args);
        long started = System.nanoTime();
        EventStoreBenchmark benchmark = new EventStoreBenchmark(opts);
        Path dataDir = Files.createTempDirectory("concordia-bench-");
        try {
            benchmark.run(dataDir);
        } finally {
            deleteRecursively(dataDir);
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        benchmark.facts.put("Run time", String.format(Locale.ROOT, "%.1f min (whole JVM run, incl. prefill)", minutes));
        String markdown = benchmark.markdown();
        System.out.println(markdown);
        if (opts.write) {
            writeBenchmarksFile(opts.out, markdown);
            progress("wrote " + opts.out.toAbsolutePath());
        }
        System.exit(0); // Axon/driver/netty leave non-daemon threads behind
    }

    // ------------------------------------------------------------------ the run

    private void run(Path dataDir) {
        facts.put("Date", DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC)
                                                             .format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + " UTC");
        facts.put("Machine", Runtime.getRuntime().availableProcessors() + " cores (shared), "
                             + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                             + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
        facts.put("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                         + " (inside the Maven JVM via exec:java)");
        facts.put("Mode", opts.quick ? "QUICK (development sizes: numbers are NOT comparable)" : "full");

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, 256, MongoEventStorageEngine.REBUILDABLE_COLLECTIONS);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD)
                     .applyConnectionString(new ConnectionString(server.connectionString()))
                     .build())) {
            facts.put("Server", "one EmbeddedMongoServer (mongo-java-server 1.47, durable H2 MVStore backend, "
                                + "256 MB cache) in a fresh temp data dir, one MongoClient; "
                                + "databases `ours`, `stock`, `raw`, `readmodel`");

            MongoDatabase oursDb = client.getDatabase("ours");
            MongoEventStorageEngine ours = MongoEventStorageEngine.builder()
                                                                  .database(oursDb)
                                                                  .eventSerializer(serializer)
                                                                  .snapshotSerializer(serializer)
                                                                  .batchSize(100)
                                                                  .build();
            EventStorageEngine stock =
                    org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine
                            .builder()
                            .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, "stock").build())
                            .eventSerializer(serializer)
                            .snapshotSerializer(serializer)
                            .build();

            // ---------------------------------------------------------- prefill
            Dataset data = Dataset.generate(opts, random);
            facts.put("Prefill", String.format(Locale.ROOT,
                    "%,d events per store: %,d accounts of %d events and %d accounts of %d events, interleaved "
                    + "at random; ours as one commit per event (as one command per unit of work writes), "
                    + "stock as one document per event", data.events.size(), data.smallCount,
                    opts.smallAggregateSize, opts.bigAggregates, opts.bigAggregateSize));
            sampleDocumentSizes(data, ours);

            long size0 = fileSize(server.storeFile());
            long t = System.nanoTime();
            ours.importOneEventPerCommit(data.events, 1000);
            double oursPrefillS = (System.nanoTime() - t) / 1e9;
            long size1 = fileSize(server.storeFile());
            progress(String.format("prefilled ours: %,d events in %.1f s, store file +%,d bytes",
                                   data.events.size(), oursPrefillS, size1 - size0));
            t = System.nanoTime();
            for (int i = 0; i < data.events.size(); i += 1000) {
                stock.appendEvents(data.events.subList(i, Math.min(i + 1000, data.events.size())));
            }
            double stockPrefillS = (System.nanoTime() - t) / 1e9;
            long size2 = fileSize(server.storeFile());
            progress(String.format("prefilled stock: %,d events in %.1f s, store file +%,d bytes",
                                   data.events.size(), stockPrefillS, size2 - size1));
            double per100k = 100_000.0 / data.events.size();
            facts.put("Data dir per 100k events (ours)", String.format(Locale.ROOT,
                    "%.1f MB (H2 MVStore file growth during the prefill, scaled to 100k; insertMany of 1,000 commits took %.1f s)",
                    (size1 - size0) * per100k / 1e6, oursPrefillS));
            facts.put("Data dir per 100k events (stock)", String.format(Locale.ROOT,
                    "%.1f MB (same, stock engine appendEvents of 1,000 events took %.1f s)",
                    (size2 - size1) * per100k / 1e6, stockPrefillS));

            // ---------------------------------------------------------- (a) raw driver
            measureRaw(client.getDatabase("raw"), data);

            // ---------------------------------------------------------- (b), (c) appends through Axon
            Configuration oursAxon = axon(ours);
            Configuration stockAxon = axon(stock);
            measureCommands("b", "ours", oursAxon.commandGateway(), Duration.ofDays(1));
            measureTwoThreads(oursAxon.commandGateway());
            measureCommands("c", "stock", stockAxon.commandGateway(), opts.stockRoundBudget);
            measureRepeatedWithoutCache("b4", "(b) ours", axon(ours, false).commandGateway(), opts.stockRoundBudget);
            measureRepeatedWithoutCache("c3", "(c) stock", axon(stock, false).commandGateway(), opts.stockRoundBudget);

            // ---------------------------------------------------------- (e) aggregate load
            measureLoad("e1", "ours", ours, data.bigIds, opts.loadSamples, Duration.ofSeconds(60));
            measureLoad("e2", "stock", stock, data.bigIds, opts.stockLoadSamples, opts.stockRoundBudget);

            // ---------------------------------------------------------- (d) replay
            MongoCollection<Document> readModel = client.getDatabase("readmodel").getCollection("accounts");
            EventStore oursStore = oursAxon.eventStore();
            EventStore stockStore = stockAxon.eventStore();
            measureReplay("d1", "ours", oursStore, readModel, Projection.Mode.NONE, opts.rounds, opts.replayBudget);
            measureReplay("d2", "ours", oursStore, readModel, Projection.Mode.BATCHED, opts.rounds, opts.replayBudget);
            measureReplay("d3", "ours", oursStore, readModel, Projection.Mode.PER_EVENT, 1, opts.replayBudget);
            measureReplay("d4", "stock", stockStore, readModel, Projection.Mode.BATCHED, 1, opts.stockReplayBudget);

            facts.put("Store at the end", String.format(Locale.ROOT, "ours %,d positions; store file %.1f MB",
                                                        ours.headPosition(), fileSize(server.storeFile()) / 1e6));
            configurations.forEach(Configuration::shutdown);
        }
    }

    // ------------------------------------------------------------------ dataset

    /** The prefill: the same events (same ids, same order) go into both stores. */
    static final class Dataset {
        final List<DomainEventMessage<?>> events = new ArrayList<>();
        final List<String> bigIds = new ArrayList<>();
        int smallCount;

        static Dataset generate(Options opts, Random random) {
            Dataset d = new Dataset();
            int bigEvents = opts.bigAggregates * opts.bigAggregateSize;
            d.smallCount = (opts.prefill - bigEvents) / opts.smallAggregateSize;
            List<String> ids = new ArrayList<>();
            List<int[]> progress = new ArrayList<>(); // {next sequence, size}
            for (int i = 0; i < opts.bigAggregates; i++) {
                String id = "big-" + UUID.randomUUID();
                d.bigIds.add(id);
                ids.add(id);
                progress.add(new int[]{0, opts.bigAggregateSize});
            }
            for (int i = 0; i < d.smallCount; i++) {
                ids.add(UUID.randomUUID().toString());
                progress.add(new int[]{0, opts.smallAggregateSize});
            }
            int total = bigEvents + d.smallCount * opts.smallAggregateSize;
            Instant base = Instant.now().minusMillis(total + 1000L);
            int active = ids.size();
            for (int n = 0; n < total; n++) {
                int pick = random.nextInt(active);
                int[] p = progress.get(pick);
                String id = ids.get(pick);
                d.events.add(event(id, p[0], base.plusMillis(n)));
                p[0]++;
                if (p[0] == p[1]) { // swap-remove a finished aggregate
                    active--;
                    Collections.swap(ids, pick, active);
                    Collections.swap(progress, pick, active);
                }
            }
            return d;
        }

        static DomainEventMessage<?> event(String id, long sequence, Instant timestamp) {
            Object payload = sequence == 0
                    ? new AccountOpened(id, "owner of " + id, Account.MEMO + sequence)
                    : new Deposited(id, 10, 10 * sequence, Account.MEMO + sequence);
            MetaData metaData = MetaData.with("traceId", UUID.randomUUID().toString())
                                        .and("correlationId", UUID.randomUUID().toString());
            return new GenericDomainEventMessage<>("Account", id, sequence,
                                                   new GenericMessage<>(payload, metaData), timestamp);
        }
    }

    private void sampleDocumentSizes(Dataset data, MongoEventStorageEngine ours) {
        DomainEventMessage<?> sample = data.events.get(data.events.size() / 2);
        int payload = sample.serializePayload(serializer, String.class).getData().length();
        int commit = ours.storedSize(sample);
        int raw = bsonSize(rawEventDocument(sample));
        facts.put("Event size", String.format(Locale.ROOT,
                "JSON payload %d bytes; BSON document: ours (commit of one event) %d bytes, raw/stock-shaped event %d bytes",
                payload, commit, raw));
    }

    private static int bsonSize(Document document) {
        return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
    }

    /** An event-sized document shaped like the stock extension's event document. */
    private Document rawEventDocument(DomainEventMessage<?> event) {
        return new Document("aggregateIdentifier", event.getAggregateIdentifier())
                .append("type", event.getType())
                .append("sequenceNumber", event.getSequenceNumber())
                .append("serializedPayload", event.serializePayload(serializer, String.class).getData())
                .append("timestamp", event.getTimestamp().toString())
                .append("payloadType", event.getPayloadType().getName())
                .append("payloadRevision", null)
                .append("serializedMetaData", event.serializeMetaData(serializer, String.class).getData())
                .append("eventIdentifier", event.getIdentifier());
    }

    // ------------------------------------------------------------------ (a)

    private void measureRaw(MongoDatabase raw, Dataset data) {
        MongoCollection<Document> single = raw.getCollection("single");
        MongoCollection<Document> batched = raw.getCollection("batched");
        MongoCollection<Document> counters = raw.getCollection("counters");
        Row a1 = row("a1", "(a) raw driver `insertOne`, one event-sized document per call", "docs/s");
        Row a2 = row("a2", "(a) raw driver `insertMany`, batches of 100 event-sized documents", "docs/s");
        Row a3 = row("a3", "raw `findOneAndUpdate $inc` on one counter document (our position allocation)", "ops/s");
        int cursor = 0;
        // warm-up
        for (int i = 0; i < 200; i++) {
            single.insertOne(rawEventDocument(data.events.get(i)));
            counters.findOneAndUpdate(eq("_id", "c"), Updates.inc("value", 1L),
                                      new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        }
        for (int r = 0; r < opts.rounds; r++) {
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < opts.rawSinglePerRound; i++) {
                docs.add(rawEventDocument(data.events.get(cursor++ % data.events.size())));
            }
            Round round = timed(docs.size(), Duration.ofDays(1), i -> single.insertOne(docs.get(i)));
            record(a1, round);

            List<List<Document>> batches = new ArrayList<>();
            for (int i = 0; i < opts.rawBatchPerRound; i += 100) {
                List<Document> batch = new ArrayList<>(100);
                for (int k = 0; k < 100; k++) {
                    batch.add(rawEventDocument(data.events.get(cursor++ % data.events.size())));
                }
                batches.add(batch);
            }
            Round b = timed(batches.size(), Duration.ofDays(1), i -> batched.insertMany(batches.get(i)));
            record(a2, new Round(b.ops() * 100, b.seconds(), b.finished()));

            record(a3, timed(opts.rawSinglePerRound, Duration.ofDays(1), i -> counters.findOneAndUpdate(
                    eq("_id", "c"), Updates.inc("value", 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))));
        }
    }

    // ------------------------------------------------------------------ (b), (c)

    private Configuration axon(EventStorageEngine engine) {
        return axon(engine, true);
    }

    private Configuration axon(EventStorageEngine engine, boolean aggregateCache) {
        AggregateConfigurer<Account> aggregate = AggregateConfigurer.defaultConfiguration(Account.class);
        if (aggregateCache) {
            aggregate.configureCache(c -> new WeakReferenceCache());
        }
        Configuration configuration = DefaultConfigurer.defaultConfiguration(false)
                .configureEmbeddedEventStore(c -> engine)
                .configureSerializer(c -> serializer)
                .configureAggregate(aggregate)
                .buildConfiguration();
        configuration.start();
        configurations.add(configuration);
        return configuration;
    }

    private void measureCommands(String letter, String engine, CommandGateway gateway, Duration budget) {
        progress("(" + letter + ") " + engine + ": commands");
        // warm-up (untimed): JIT, connection pool, caches
        for (int i = 0; i < opts.warmupCommands / 10; i++) {
            String id = open(gateway);
            for (int k = 0; k < 9; k++) {
                gateway.sendAndWait(new Deposit(id, 10, Account.MEMO));
            }
        }
        Row fresh = row(letter + "1", "(" + letter + ") " + engine + ": new aggregate per command (`OpenAccount`)",
                        "cmds/s");
        Row repeated = row(letter + "2", "(" + letter + ") " + engine
                                         + ": 10 `Deposit` commands on one aggregate (aggregate cache on)", "cmds/s");
        int n = opts.commandsPerRound;
        for (int r = 0; r < opts.rounds; r++) {
            record(fresh, timed(n, budget, i -> open(gateway)));
            List<String> ids = new ArrayList<>();
            for (int g = 0; g < n / 10; g++) {
                ids.add(open(gateway)); // untimed set-up
            }
            Round groups = timed(ids.size(), budget, g -> {
                for (int k = 0; k < 10; k++) {
                    gateway.sendAndWait(new Deposit(ids.get(g), 10, Account.MEMO));
                }
            });
            record(repeated, new Round(groups.ops() * 10, groups.seconds(), groups.finished()));
        }
    }

    /** One bounded round: every command loads the aggregate from the store (no aggregate cache). */
    private void measureRepeatedWithoutCache(String id, String engine, CommandGateway gateway, Duration budget) {
        progress(engine + ": repeated commands without cache");
        Row row = row(id, engine + ": 10 `Deposit` commands on one aggregate, NO aggregate cache "
                          + "(every command loads the aggregate)", "cmds/s");
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < opts.commandsPerRound / 10; g++) {
            ids.add(open(gateway));
        }
        gateway.sendAndWait(new Deposit(ids.get(0), 10, Account.MEMO)); // warm-up
        Round groups = timed(ids.size(), budget, g -> {
            for (int k = 0; k < 10; k++) {
                gateway.sendAndWait(new Deposit(ids.get(g), 10, Account.MEMO));
            }
        });
        record(row, new Round(groups.ops() * 10, groups.seconds(), groups.finished()));
    }

    private void measureTwoThreads(CommandGateway gateway) {
        Row row = row("b3", "(b) ours: new aggregate per command, 2 client threads", "cmds/s");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int r = 0; r < opts.rounds; r++) {
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    futures.add(threads.submit(() -> {
                        for (int i = 0; i < opts.commandsPerRound / 2; i++) {
                            open(gateway);
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                record(row, new Round(opts.commandsPerRound, (System.nanoTime() - start) / 1e9, true));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            threads.shutdown();
        }
    }

    private static String open(CommandGateway gateway) {
        String id = UUID.randomUUID().toString();
        gateway.sendAndWait(new OpenAccount(id, "owner of " + id, Account.MEMO));
        return id;
    }

    // ------------------------------------------------------------------ (e)

    private void measureLoad(String id, String engineName, EventStorageEngine engine, List<String> aggregateIds,
                             int samplesPerRound, Duration budget) {
        progress("(e) " + engineName + ": aggregate loads");
        Row row = row(id, "(e) " + engineName + ": load a " + opts.bigAggregateSize
                          + "-event aggregate (`readEvents`, payloads deserialized, no cache), median per round", "ms");
        List<Double> all = new ArrayList<>();
        load(engine, aggregateIds.get(0)); // warm-up
        for (int r = 0; r < opts.rounds; r++) {
            List<Double> samples = new ArrayList<>();
            long deadline = System.nanoTime() + budget.toNanos();
            for (int i = 0; i < samplesPerRound && System.nanoTime() < deadline; i++) {
                String aggregateId = aggregateIds.get(i % aggregateIds.size());
                long t = System.nanoTime();
                int count = load(engine, aggregateId);
                samples.add((System.nanoTime() - t) / 1e6);
                if (count != opts.bigAggregateSize) {
                    throw new IllegalStateException(engineName + " loaded " + count + " events of " + aggregateId);
                }
            }
            row.values.add(median(samples));
            all.addAll(samples);
            row.notes.add(samples.size() + " samples");
        }
        row.notes.clear();
        row.notes.add(String.format(Locale.ROOT, "%d samples in all, p95 %.1f ms", all.size(), percentile(all, 0.95)));
    }

    private static int load(EventStorageEngine engine, String aggregateId) {
        DomainEventStream stream = engine.readEvents(aggregateId);
        int count = 0;
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() == null) {
                throw new IllegalStateException("no payload");
            }
            count++;
        }
        return count;
    }

    // ------------------------------------------------------------------ (d)

    /** A read model of accounts: an upsert per event, written one by one or per processor batch. */
    public static final class Projection {
        enum Mode { NONE, PER_EVENT, BATCHED }

        private final MongoCollection<Document> accounts;
        private final Mode mode;
        private final long target;
        final AtomicLong handled = new AtomicLong();
        volatile long reachedAt;

        Projection(MongoCollection<Document> accounts, Mode mode, long target) {
            this.accounts = accounts;
            this.mode = mode;
            this.target = target;
        }

        /** Per aggregate, the last sequence number seen: a jump means the processor skipped an event. */
        private final Map<String, Long> lastSequence = new java.util.HashMap<>();
        final AtomicLong skipped = new AtomicLong();

        private void checkOrder(String aggregateId, long sequence) {
            Long last = lastSequence.put(aggregateId, sequence);
            long expected = last == null ? 0 : last + 1;
            if (sequence != expected && handled.get() < target) {
                skipped.addAndGet(Math.max(1, sequence - expected));
            }
        }

        @EventHandler
        public void on(AccountOpened event, @org.axonframework.eventhandling.SequenceNumber long sequence) {
            checkOrder(event.accountId(), sequence);
            write(event.accountId(), Updates.combine(Updates.set("owner", event.owner()),
                                                     Updates.set("balance", 0L)));
        }

        @EventHandler
        public void on(Deposited event, @org.axonframework.eventhandling.SequenceNumber long sequence) {
            checkOrder(event.accountId(), sequence);
            write(event.accountId(), Updates.combine(Updates.set("balance", event.balance()),
                                                     Updates.inc("deposits", 1)));
        }

        private void write(String id, org.bson.conversions.Bson update) {
            switch (mode) {
                case NONE -> {
                }
                case PER_EVENT -> accounts.updateOne(eq("_id", id), update, new UpdateOptions().upsert(true));
                case BATCHED -> pendingWrites().add(new UpdateOneModel<>(eq("_id", id), update,
                                                                         new UpdateOptions().upsert(true)));
            }
            if (handled.incrementAndGet() == target) {
                reachedAt = System.nanoTime();
            }
        }

        /** The writes of the processor's current batch (one unit of work), flushed as one bulk write on commit. */
        private List<WriteModel<Document>> pendingWrites() {
            UnitOfWork<?> root = CurrentUnitOfWork.get().root();
            return root.getOrComputeResource("readmodel-writes", key -> {
                List<WriteModel<Document>> writes = new ArrayList<>();
                root.onPrepareCommit(u -> {
                    if (!writes.isEmpty()) {
                        accounts.bulkWrite(writes, new BulkWriteOptions().ordered(true));
                    }
                });
                return writes;
            });
        }
    }

    private void measureReplay(String id, String engineName, EventStore store, MongoCollection<Document> readModel,
                               Projection.Mode mode, int rounds, Duration budget) {
        String how = switch (mode) {
            case NONE -> "no read-model write (pure read + deserialize)";
            case BATCHED -> "read model: upserts bulk-written once per 100-event batch";
            case PER_EVENT -> "read model: one `updateOne(upsert)` per event";
        };
        Row row = row(id, "(d) " + engineName + ": replay " + String.format(Locale.ROOT, "%,d", opts.replayTarget)
                          + " events from tail, TrackingEventProcessor, " + how, "events/s");
        for (int r = 0; r < rounds; r++) {
            progress("(d) " + engineName + " replay " + mode + " round " + (r + 1));
            readModel.deleteMany(new Document());
            Projection projection = new Projection(readModel, mode, opts.replayTarget);
            TrackingEventProcessor processor = TrackingEventProcessor.builder()
                    .name("replay-" + id + "-" + r)
                    .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(projection).build())
                    .messageSource(store)
                    .tokenStore(new InMemoryTokenStore())
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .trackingEventProcessorConfiguration(
                            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                               .andBatchSize(100)
                                                               .andInitialTrackingToken(
                                                                       StreamableMessageSource::createTailToken))
                    .build();
            long start = System.nanoTime();
            long deadline = start + budget.toNanos();
            processor.start();
            while (projection.reachedAt == 0 && System.nanoTime() < deadline) {
                sleep(20);
            }
            long end = projection.reachedAt != 0 ? projection.reachedAt : System.nanoTime();
            long handled = Math.min(projection.handled.get(), opts.replayTarget);
            processor.shutDown();
            record(row, new Round(handled, (end - start) / 1e9, projection.reachedAt != 0));
            if (projection.skipped.get() > 0) {
                row.notes.add("**" + projection.skipped.get() + " events SKIPPED** (sequence jumps per aggregate)");
                progress("  " + id + ": " + projection.skipped.get() + " events skipped");
            }
            if (mode != Projection.Mode.NONE && projection.reachedAt != 0) {
                sleep(200);
                long docs = readModel.countDocuments();
                row.notes.add("read model holds " + docs + " accounts");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private Row row(String id, String label, String unit) {
        Row row = new Row(id, label, unit);
        rows.put(id, row);
        return row;
    }

    private static void record(Row row, Round round) {
        row.values.add(round.rate());
        if (!round.finished()) {
            row.notes.add(String.format(Locale.ROOT, "did not finish in %.0f s (%,d done)",
                                        round.seconds(), round.ops()));
        }
        progress(String.format(Locale.ROOT, "  %s: %,.1f %s (%,d in %.2f s%s)", row.id, round.rate(), row.unit,
                               round.ops(), round.seconds(), round.finished() ? "" : ", BUDGET EXHAUSTED"));
    }

    private static Round timed(int n, Duration budget, IntConsumer op) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int i = 0;
        for (; i < n && System.nanoTime() < deadline; i++) {
            op.accept(i);
        }
        return new Round(i, (System.nanoTime() - start) / 1e9, i == n);
    }

    static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        if (p == 0.5 && sorted.size() % 2 == 0) {
            return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void progress(String message) {
        System.err.println("[bench] " + message);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ------------------------------------------------------------------ report

    private String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("### Run\n\n");
        facts.forEach((k, v) -> md.append("- **").append(k).append("**: ").append(v).append('\n'));
        md.append("\n### Results (min / median / max over rounds)\n\n");
        md.append("| | Measure | min | median | max | unit | rounds | notes |\n");
        md.append("|---|---|---:|---:|---:|---|---:|---|\n");
        for (Row row : rows.values()) {
            md.append("| ").append(row.id).append(" | ").append(row.label)
              .append(" | ").append(fmt(row.min())).append(" | **").append(fmt(row.median())).append("** | ")
              .append(fmt(row.max())).append(" | ").append(row.unit).append(" | ").append(row.values.size())
              .append(" | ").append(String.join("; ", row.notes)).append(" |\n");
        }
        md.append("\n### Targets (medians)\n\n");
        md.append("| Target | Measured | Result |\n|---|---:|---|\n");
        ratio(md, "(b)/(a) new aggregates ≥ 60 %", "b1", "a1", 0.60, true);
        ratio(md, "(b)/(a) 10 commands on one aggregate ≥ 50 %", "b2", "a1", 0.50, true);
        ratio(md, "(b)/(c) new aggregates ≥ 3×", "b1", "c1", 3.0, false);
        ratio(md, "(b)/(c) 10 commands on one aggregate ≥ 3×", "b2", "c2", 3.0, false);
        ratio(md, "(d) replay into read model (batched) ≥ 50 % of raw batch insert", "d2", "a2", 0.50, true);
        ratio(md, "(d) replay into read model (per-event upsert) ≥ 50 % of raw batch insert", "d3", "a2", 0.50, true);
        ratio(md, "(d) replay, ours vs stock (batched read model)", "d2", "d4", Double.NaN, false);
        Row e1 = rows.get("e1");
        Row e2 = rows.get("e2");
        md.append("| (e) load 100-event aggregate in a ").append(String.format(Locale.ROOT, "%,d", opts.prefill))
          .append("+ event store < 5 ms median | ").append(fmt(e1.median())).append(" ms (stock ")
          .append(fmt(e2.median())).append(" ms) | ").append(e1.median() < 5 ? "PASS" : "MISS").append(" |\n");
        return md.toString();
    }

    private void ratio(StringBuilder md, String label, String num, String den, double target, boolean percent) {
        double value = rows.get(num).median() / rows.get(den).median();
        String measured = percent ? String.format(Locale.ROOT, "%.0f %%", value * 100)
                                  : String.format(Locale.ROOT, "%.1f×", value);
        String verdict = Double.isNaN(target) ? "(info)" : value >= target ? "PASS" : "MISS";
        md.append("| ").append(label).append(" | ").append(measured).append(" (").append(num).append('/')
          .append(den).append(") | ").append(verdict).append(" |\n");
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static final String START = "<!-- bench:results:start -->";
    private static final String END = "<!-- bench:results:end -->";

    /** Replaces the generated section of BENCHMARKS.md, keeping the hand-written text around it. */
    private static void writeBenchmarksFile(Path file, String markdown) throws IOException {
        String generated = START + "\n<!-- generated by bench/EventStoreBenchmark --write; do not edit by hand -->\n\n"
                           + markdown + "\n" + END;
        String text;
        if (Files.exists(file)) {
            String old = Files.readString(file);
            int s = old.indexOf(START);
            int e = old.indexOf(END);
            text = s >= 0 && e > s ? old.substring(0, s) + generated + old.substring(e + END.length())
                                   : old + "\n\n" + generated + "\n";
        } else {
            text = "# Benchmarks\n\n" + generated + "\n";
        }
        Files.writeString(file, text);
    }
}
