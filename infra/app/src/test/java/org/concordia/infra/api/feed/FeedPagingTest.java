package org.concordia.infra.api.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.feed.FeedProjection;
import org.concordia.kernel.collaboration.MemberRole;
import org.concordia.kernel.issue.CommentAdded;
import org.concordia.kernel.shared.ActorContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Paging the feed over HTTP across more than 10,000 events while they are still being written. */
class FeedPagingTest {

    @TempDir
    Path dataDir;

    @Test
    void pagingAcrossTenThousandEventsWhileWritesContinueYieldsEveryStoredEventOnceInOrder() throws Exception {
        try (RunningApp app = new RunningApp(dataDir)) {
            FeedHttpTest.app = app;
            RunningApp.Call cora = app.user("cora");
            String cid = FeedHttpTest.collaboration(cora, "PAGING");
            String bulkA = FeedHttpTest.raise(cid, "bulk A");
            String bulkB = FeedHttpTest.raise(cid, "bulk B");
            String live = FeedHttpTest.raise(cid, "written over HTTP meanwhile");
            // The read models this test does not use are paused, so that the machine's time goes to the feed (the
            // collaborations view stays: the API checks membership against it).
            EventProcessingConfiguration processing = app.bean(EventProcessingConfiguration.class);
            processing.eventProcessors().forEach((name, processor) -> {
                if (!name.equals(FeedProjection.PROCESSING_GROUP) && !name.equals("collaborations")) {
                    ((StreamingEventProcessor) processor).shutDown();
                }
            });

            EventStore store = app.bean(EventStore.class);
            AtomicBoolean writing = new AtomicBoolean(true);
            // Cheap events: comments appended straight to the store, 250 per commit, on two real issues; and at the
            // same time comments through the API on a third.
            CompletableFuture<Void> bulk = CompletableFuture.runAsync(() -> {
                ActorContext actor = new ActorContext("raiser", "sponsor", Set.of(MemberRole.CONTRIBUTOR));
                for (String issue : List.of(bulkA, bulkB)) {
                    long sequence = store.lastSequenceNumberFor(issue).orElseThrow();
                    for (int commit = 0; commit < 20; commit++) {
                        List<DomainEventMessage<?>> events = new ArrayList<>();
                        for (int i = 0; i < 250; i++) {
                            sequence++;
                            events.add(new GenericDomainEventMessage<>("Issue", issue, sequence, new CommentAdded(
                                    cid, issue, "c-" + sequence, "comment " + sequence, actor)));
                        }
                        store.publish(events);
                    }
                }
            });
            CompletableFuture<Void> overHttp = CompletableFuture.runAsync(() -> {
                RunningApp.Call raiser = app.as("raiser", RunningApp.passwordOf("raiser"));
                for (int i = 0; i < 50; i++) {
                    RunningApp.Response comment = raiser.post("/api/v1/collaborations/" + cid + "/issues/" + live
                                                              + "/comments", Map.of("text", "live " + i));
                    assertThat(comment.status()).as(comment.body()).isBetween(200, 202);
                }
            });
            CompletableFuture.allOf(bulk, overHttp).whenComplete((done, failure) -> writing.set(false));

            List<String> seenIds = new ArrayList<>();
            List<Long> seenPositions = new ArrayList<>();
            long after = 0;
            int pages = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4); // generous: shared, loaded CI machines
            while (System.nanoTime() < deadline) {
                // a member of the collaboration, as an integration would read it
                FeedHttpTest.Page page = FeedHttpTest.page(cora, after, 500);
                pages++;
                assertThat(page.contentType()).startsWith(FeedHttpTest.BATCH);
                assertThat(page.link()).isEqualTo("</api/v1/events?after=" + page.resumeAfter()
                                                  + "&limit=500>; rel=\"next\"");
                for (JsonNode event : page.events()) {
                    seenIds.add(event.get("id").asText());
                    seenPositions.add(event.get("position").asLong());
                }
                assertThat(page.resumeAfter()).isGreaterThanOrEqualTo(after);
                after = page.resumeAfter();
                if (!writing.get() && page.events().isEmpty()
                    && seenIds.size() >= FeedHttpTest.storedEventIds().size()) {
                    break;
                }
                if (page.events().isEmpty()) {
                    Thread.sleep(100);
                }
            }
            bulk.get(1, TimeUnit.SECONDS);
            overHttp.get(1, TimeUnit.SECONDS);

            List<String> stored = FeedHttpTest.storedEventIds();
            assertThat(stored).hasSizeGreaterThan(10_000);
            assertThat(pages).as("read while being written, in many pages").isGreaterThan(20);
            // cora, not an administrator, is not shown the accounts' events (they hold the first positions)
            List<Boolean> accountEvents = accountEventFlags(app);
            List<Long> visiblePositions = LongStream.rangeClosed(1, stored.size())
                    .filter(position -> !accountEvents.get((int) position - 1)).boxed().toList();
            List<String> visibleIds = visiblePositions.stream().map(position -> stored.get((int) (position - 1))).toList();
            assertThat(accountEvents).hasSize(stored.size());
            assertThat(seenPositions).as("the global positions of the events cora may see, no holes, no repeats")
                                     .isEqualTo(visiblePositions);
            assertThat(seenIds).as("every event she may see exactly once, in the store's global order")
                               .isEqualTo(visibleIds);
        }
    }

    private static List<Boolean> accountEventFlags(RunningApp app) {
        try (var events = app.bean(org.axonframework.eventsourcing.eventstore.EventStorageEngine.class)
                .readEvents(null, false)) {
            return events.map(event -> event.getPayloadType().getPackageName().equals("org.concordia.kernel.account"))
                         .toList();
        }
    }
}
