package org.concordia.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.UuidRepresentation;
import org.concordia.infra.eventstore.MongoEventStorageEngine;
import org.concordia.infra.mongo.EmbeddedMongoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;

/**
 * Probe for a finding of the benchmark: during replays the engine logs "Position N was allocated over 10s ago and
 * never written; passing it" once per 100 events (N = one past the fetch window). Does a tracking reader really
 * pass stored positions? Reads the whole store from the tail with {@code readEvents(null, false)} (gap timeout 1 s)
 * and reports the positions it did not deliver, with and without concurrent writes to the same server. Result so
 * far: nothing missing, so the warning is a false alarm (the position just after a fully-found window).
 * Run: {@code ./mvnw -q -o -pl bench exec:java -Dexec.mainClass=org.concordia.bench.TrackingSkipProbe}
 */
public final class TrackingSkipProbe {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("concordia-probe-");
        Serializer serializer = JacksonSerializer.defaultSerializer();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dir, 256);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .uuidRepresentation(UuidRepresentation.STANDARD)
                     .applyConnectionString(new ConnectionString(server.connectionString())).build())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .database(client.getDatabase("ours")).eventSerializer(serializer).snapshotSerializer(serializer)
                    .gapTimeout(Duration.ofSeconds(1)).batchSize(100).build();
            List<DomainEventMessage<?>> list = new ArrayList<>();
            Instant base = Instant.now();
            for (int i = 0; i < events; i++) {
                list.add(EventStoreBenchmark.Dataset.event(UUID.randomUUID().toString(), 0, base.plusMillis(i)));
            }
            engine.importOneEventPerCommit(list, 1000);
            engine.createHeadToken(); // nothing
            Thread.sleep(1500);
            MongoCollection<Document> other = client.getDatabase("other").getCollection("rm");
            for (boolean writes : new boolean[]{false, true, false, true}) {
                AtomicBoolean stop = new AtomicBoolean();
                Thread writer = new Thread(() -> {
                    long i = 0;
                    while (!stop.get()) {
                        other.updateOne(eq("_id", "k" + (i++ % 500)), Updates.set("v", i),
                                        new UpdateOptions().upsert(true));
                    }
                });
                if (writes) {
                    writer.start();
                }
                long expected = 1;
                long missing = 0;
                long delivered = 0;
                List<Long> firstMissing = new ArrayList<>();
                long t = System.nanoTime();
                try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(null, false)) {
                    Iterator<? extends TrackedEventMessage<?>> it = stream.iterator();
                    while (it.hasNext()) {
                        long position = ((GapAwareTrackingToken) it.next().trackingToken()).getIndex();
                        delivered++;
                        if (position > events) {
                            break;
                        }
                        for (long p = expected; p < position; p++) {
                            missing++;
                            if (firstMissing.size() < 10) {
                                firstMissing.add(p);
                            }
                        }
                        expected = position + 1;
                    }
                }
                stop.set(true);
                if (writes) {
                    writer.join();
                }
                System.out.printf("concurrent writes=%s: delivered %d of %d positions in %.1f s, MISSING %d %s%n",
                                  writes, delivered, events, (System.nanoTime() - t) / 1e9, missing, firstMissing);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }
}
