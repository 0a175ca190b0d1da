package org.concordia.infra.deadline;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.concordia.infra.deadline.DeadlineTestSupport.Delivery;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.deadline.DeadlineTestSupport.RecordingIssueScopes;
import org.concordia.infra.deadline.DeadlineTestSupport.SlaBreached;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.concordia.infra.deadline.DeadlineTestSupport.issueScope;

/**
 * Two managers ("application nodes"), each with its own client and poller thread, share one database: every deadline
 * fires exactly once.
 */
class MongoDeadlineManagerMultiNodeTest {

    private static final Instant START = Instant.parse("2030-01-15T10:00:00Z");
    private static final int DEADLINES = 200;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;
    private StoreHarness store;
    private final List<MongoClient> clients = new ArrayList<>();
    private final List<MongoDeadlineManager> managers = new ArrayList<>();
    private final MutableClock clock = new MutableClock(START);
    private final RecordingIssueScopes scopes = new RecordingIssueScopes();

    @BeforeEach
    void setUp() {
        store = StoreHarness.database(dataDir);
        for (int node = 0; node < 2; node++) {
            MongoClient client = StoreHarness.client(store.server); // each node its own client
            clients.add(client);
            managers.add(MongoDeadlineManager.builder()
                                             .database(client.getDatabase("concordia"))
                                             .scopeAwareProvider(scopes)
                                             .serializer(JacksonSerializer.defaultSerializer())
                                             .clock(clock)
                                             .bucketSize(Duration.ofSeconds(5))
                                             .pollInterval(Duration.ofMillis(10))
                                             .nodeId("node-" + node)
                                             .build());
        }
    }

    @AfterEach
    void tearDown() {
        managers.forEach(MongoDeadlineManager::shutdown);
        clients.forEach(MongoClient::close);
        store.close();
    }

    @Test
    void eachDeadlineFiresExactlyOnceAcrossNodes() {
        managers.forEach(MongoDeadlineManager::start);
        Set<SlaBreached> expected = new HashSet<>();
        for (int i = 0; i < DEADLINES; i++) {
            SlaBreached payload = new SlaBreached("ISS-" + (i % 50), "deadline-" + i);
            expected.add(payload);
            // both nodes schedule, spread over a few minutes' worth of buckets
            managers.get(i % 2).schedule(START.plusSeconds(1 + (i % 120)), "sla", payload,
                                         issueScope(payload.issueId()));
        }

        clock.advance(Duration.ofMinutes(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> scopes.deliveries.size() >= DEADLINES / 3);
        clock.advance(Duration.ofMinutes(5)); // the rest comes due while the nodes are busy

        MongoDatabase database = store.database;
        await().atMost(Duration.ofSeconds(120))
               .until(() -> database.getCollection("deadline_entries").countDocuments() == 0);

        assertThat(scopes.deliveries).hasSize(DEADLINES);
        assertThat(scopes.payloads()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(scopes.deliveries.stream().map(Delivery::messageId)).doesNotHaveDuplicates();
        assertThat(scopes.attempts.values()).allSatisfy(a -> assertThat(a).hasValue(1));
        assertThat(scopes.attempts).hasSize(DEADLINES);
        System.out.println("deliveries per poller thread: " + scopes.deliveries.stream().collect(
                java.util.stream.Collectors.groupingBy(Delivery::thread, java.util.stream.Collectors.counting())));
    }

    @Test
    void concurrentPollOnceCallsNeverFireTwice() throws Exception {
        for (int i = 0; i < DEADLINES; i++) {
            managers.get(0).schedule(START.plusSeconds(i % 30), "sla", new SlaBreached("ISS-" + i, "t"),
                                     issueScope("ISS-" + i));
        }
        clock.advance(Duration.ofMinutes(1));
        AtomicInteger executed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (MongoDeadlineManager manager : managers) {
            Thread thread = new Thread(() -> executed.addAndGet(manager.pollOnce()));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        // a claim lost to the other node is retried on a later round
        managers.get(0).pollOnce();
        managers.get(1).pollOnce();

        assertThat(scopes.deliveries).hasSize(DEADLINES);
        assertThat(scopes.deliveries.stream().map(Delivery::messageId)).doesNotHaveDuplicates();
    }
}
