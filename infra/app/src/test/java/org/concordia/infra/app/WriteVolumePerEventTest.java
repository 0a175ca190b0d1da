package org.concordia.infra.app;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small version of the storage benchmark (issue #16) on the real application: comments posted one after another
 * on one issue, each handled by every processor before the next. What the application sends to the store in write
 * commands must not grow with the length of the discussion: the last tenth of the comments may cost at most 1.5
 * times what the first tenth cost. (Before issue #16 each comment rewrote the whole issue in four read models, two
 * of them twice: the ratio was about ten at this size.) And what a crash may take back is not journaled: on the
 * embedded server each journaled write is a store commit of its own, the largest part of a command's CPU there.
 */
class WriteVolumePerEventTest {

    private static final int COMMENTS = 200;
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");
    static final AtomicLong written = new AtomicLong();
    /** Per collection, whether each of its writes asked for the journal (no {@code j: false}). */
    static final Map<String, Set<Boolean>> journaledByCollection = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts the bytes of every write command the application sends. */
    @Configuration(proxyBeanMethods = false)
    static class WriteVolume {
        @Bean
        CommandListener writeVolume() {
            return new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    if (WRITES.contains(event.getCommandName())) {
                        BsonDocument command = event.getCommand();
                        written.addAndGet(new RawBsonDocument(command, new BsonDocumentCodec()).getByteBuffer()
                                .remaining());
                        boolean journaled = command.getDocument("writeConcern", new BsonDocument())
                                .getBoolean("j", BsonBoolean.TRUE).getValue();
                        journaledByCollection.computeIfAbsent(command.getString(event.getCommandName()).getValue(),
                                c -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(journaled);
                    }
                }
            };
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void theLastTenthOfALongDiscussionCostsNoMoreThanTheFirst() {
        try (RunningApp app = RunningApp.configured(dataDir, WriteVolume.class)) {
            String issue = app.issueRaisedBySita("LONG", "Fee per visit", "Disputed for months.");
            RunningApp.Call sita = app.user("sita");
            caughtUp(app);
            long[] at = new long[COMMENTS + 1];
            at[0] = written.get();
            for (int i = 1; i <= COMMENTS; i++) {
                RunningApp.Response posted = sita.post(issue + "/comments", Map.of("text", "Comment " + i
                        + ": we looked at the numbers again and still do not agree on the fee per visit."));
                assertThat(posted.status()).as(posted.body()).isEqualTo(201);
                caughtUp(app);
                at[i] = written.get();
            }
            long tenth = COMMENTS / 10;
            long first = at[(int) tenth] - at[0];
            long last = at[COMMENTS] - at[(int) (COMMENTS - tenth)];
            assertThat(first).isPositive();
            assertThat((double) last / first).as("bytes written for the first %d comments: %d, for the last: %d",
                    tenth, first, last).isLessThanOrEqualTo(1.5);
            assertThat(sita.get(issue).json().get("comments").size()).isEqualTo(COMMENTS);
        }
    }

    /**
     * What a crash may take back rides on the next commit instead of making one per write (issue 16): the notification
     * processor's own state (per issue, per collaboration, the watches), redone from its token after a crash like a
     * view's; and the SLA deadlines' bucket and scope registries, made durable by the entry write that is their
     * schedule's commit point. Events and deadline entries stay journaled.
     */
    @Test
    void whatACrashMayTakeBackIsWrittenAsRedeliverableAndEventsAndDeadlinesJournaled() {
        try (RunningApp app = RunningApp.configured(dataDir, WriteVolume.class)) {
            String issue = app.issueRaisedBySita("NOTE", "Courier strike", "Kits stuck at customs.");
            RunningApp.Call sita = app.user("sita");
            RunningApp.Response acknowledged = sita.post(issue + "/acknowledge", Map.of());
            assertThat(acknowledged.status()).as(acknowledged.body()).isBetween(200, 299);
            caughtUp(app);
            assertThat(journaledByCollection.get("event_commits")).containsExactly(true);
            assertThat(journaledByCollection.get("deadline_entries")).containsExactly(true);
            for (String state : List.of("notification_issues", "notification_members", "notification_watches",
                    "deadline_buckets", "deadline_scopes")) {
                assertThat(journaledByCollection.get(state)).as(state).containsExactly(false);
            }
        }
    }

    /** Until every tracking processor has handled every stored event. */
    private static void caughtUp(RunningApp app) {
        var head = app.bean(EventStore.class).createHeadToken();
        long position = head == null ? 0 : head.position().orElse(0);
        EventProcessingConfiguration processing = app.bean(EventProcessingConfiguration.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = processing.eventProcessors().values().stream()
                    .filter(StreamingEventProcessor.class::isInstance).map(StreamingEventProcessor.class::cast)
                    .allMatch(p -> !p.processingStatus().isEmpty() && p.processingStatus().values().stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= position));
            if (all) {
                return;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("processors did not catch up with " + position);
    }
}
