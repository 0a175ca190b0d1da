package org.concordia.infra.deadline;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.axonframework.serialization.json.JacksonSerializer;
import org.concordia.infra.deadline.DeadlineTestSupport.RecordingIssueScopes;
import org.concordia.infra.deadline.DeadlineTestSupport.SlaBreached;
import org.concordia.infra.eventstore.MutableClock;
import org.concordia.infra.eventstore.StoreHarness;
import org.concordia.infra.mongo.EmbeddedMongoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concordia.infra.deadline.DeadlineTestSupport.issueScope;

/**
 * The bucket and scope registries are acknowledged before they are durable ({@code j: false} on the embedded server,
 * as the application configures it): the entry write, a schedule's commit point, makes the registries written before
 * it durable, and a registry write after the entry that ended a deadline may be lost. A crash is the store file as
 * it is at that moment (no flush during the test): copied, and opened by a new server and a new deadline manager.
 */
class DeadlineRegistriesAfterACrashTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final EmbeddedMongoServer.Settings NO_FLUSH = new EmbeddedMongoServer.Settings(16,
            Duration.ofSeconds(2), Duration.ofHours(1));

    @TempDir
    Path live;
    @TempDir
    Path crashedAfterSchedules;
    @TempDir
    Path crashedAfterCancel;

    private static MongoDeadlineManager manager(MongoDatabase database, MutableClock clock,
                                                RecordingIssueScopes scopes) {
        return MongoDeadlineManager.builder()
                                   .database(database)
                                   .registryDatabase(database.withWriteConcern(WriteConcern.W1.withJournal(false)))
                                   .scopeAwareProvider(scopes)
                                   .serializer(JacksonSerializer.defaultSerializer())
                                   .clock(clock)
                                   .build();
    }

    @Test
    void deadlinesScheduledBeforeACrashFireAfterItAndOneCancelledBeforeItDoesNot() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(live, NO_FLUSH, Set.of());
             MongoClient client = StoreHarness.client(server)) {
            MongoDeadlineManager before = manager(client.getDatabase("concordia"), clock, new RecordingIssueScopes());
            String first = before.schedule(START.plusSeconds(90), "sla", new SlaBreached("ISS-1", "HIGH"),
                                           issueScope("ISS-1"));
            before.schedule(START.plusSeconds(90), "sla", new SlaBreached("ISS-2", "HIGH"), issueScope("ISS-2"));
            crash(server, crashedAfterSchedules); // the last write was the second entry, its commit point
            before.cancelSchedule("sla", first);
            crash(server, crashedAfterCancel); // the scope's update after the cancelled entry is not in the file
            before.shutdown();
        }

        assertThat(firedAfterRestart(crashedAfterSchedules, clock)).containsExactlyInAnyOrder(
                new SlaBreached("ISS-1", "HIGH"), new SlaBreached("ISS-2", "HIGH"));
        assertThat(firedAfterRestart(crashedAfterCancel, clock)).containsExactly(new SlaBreached("ISS-2", "HIGH"));
    }

    /** What the store file holds at this moment, as a kill would leave it. */
    private static void crash(EmbeddedMongoServer server, Path into) throws java.io.IOException {
        Files.copy(server.storeFile(), into.resolve(EmbeddedMongoServer.STORE_FILE));
    }

    /** Starts on the crashed copy, lets the deadlines come due, polls; cancelling a scope again is harmless. */
    private static java.util.List<Object> firedAfterRestart(Path dataDir, MutableClock crashedAt) {
        MutableClock clock = new MutableClock(crashedAt.instant());
        RecordingIssueScopes fired = new RecordingIssueScopes();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir, NO_FLUSH, Set.of());
             MongoClient client = StoreHarness.client(server)) {
            MongoDeadlineManager after = manager(client.getDatabase("concordia"), clock, fired);
            clock.advance(Duration.ofSeconds(90));
            after.pollOnce();
            after.cancelAllWithinScope("sla", issueScope("ISS-1"));
            clock.advance(Duration.ofMinutes(10));
            after.pollOnce();
            after.shutdown();
        }
        return fired.payloads();
    }
}
