package org.concordia.infra.deadline;

import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.deadline.DeadlineTestSupport.RecordingIssueScopes;
import org.concordia.infra.deadline.DeadlineTestSupport.SlaBreached;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.infra.deadline.DeadlineTestSupport.issueScope;

/**
 * The embedded server's H2 file outlives the manager, the client and the server: deadlines survive a restart, also
 * those that came due while the application was down.
 */
class MongoDeadlineManagerRestartTest {

    private static final Instant START = Instant.parse("2030-01-15T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private Node node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
    }

    /** One "application run": server on the H2 file, client, manager. */
    private final class Node {

        final StoreHarness store;
        final RecordingIssueScopes scopes = new RecordingIssueScopes();
        final MongoDeadlineManager manager;

        Node() {
            store = StoreHarness.database(dir);
            manager = MongoDeadlineManager.builder()
                                          .database(store.database)
                                          .scopeAwareProvider(scopes)
                                          .serializer(JacksonSerializer.defaultSerializer())
                                          .clock(clock)
                                          .build();
        }

        void close() {
            manager.shutdown();
            store.close();
        }
    }

    @Test
    void deadlinesSurviveARestartAndThoseDueWhileDownFireAfterIt() {
        node = new Node();
        node.manager.schedule(START.plusSeconds(60), "sla", new SlaBreached("ISS-1", "due-while-down"),
                              issueScope("ISS-1"));
        node.manager.schedule(START.plus(Duration.ofDays(2)), "sla", new SlaBreached("ISS-2", "due-later"),
                              issueScope("ISS-2"));
        node.manager.schedule(START.plus(Duration.ofDays(2)), "sla", new SlaBreached("ISS-3", "cancelled-later"),
                              issueScope("ISS-3"));
        node.manager.pollOnce();
        assertThat(node.scopes.deliveries).isEmpty();
        node.close();

        clock.advance(Duration.ofHours(6)); // the application is down while the first one comes due

        node = new Node();
        node.manager.pollOnce();
        assertThat(node.scopes.payloads()).containsExactly(new SlaBreached("ISS-1", "due-while-down"));

        // registries survived as well: cancel by scope after the restart
        node.manager.cancelAllWithinScope("sla", issueScope("ISS-3"));
        node.close();

        clock.advance(Duration.ofDays(2));
        node = new Node();
        node.manager.pollOnce();
        assertThat(node.scopes.payloads()).containsExactly(new SlaBreached("ISS-2", "due-later"));
    }

    @Test
    void startedPollerPicksUpOverdueDeadlinesAfterRestart() {
        node = new Node();
        for (int i = 0; i < 20; i++) {
            node.manager.schedule(START.plusSeconds(30L * i), "sla", new SlaBreached("ISS-" + i, "t"),
                                  issueScope("ISS-" + i));
        }
        node.close();

        clock.advance(Duration.ofDays(1));
        node = new Node();
        node.manager.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                                 .until(() -> node.scopes.deliveries.size() == 20);
        assertThat(node.scopes.payloads()).doesNotHaveDuplicates();
    }
}
