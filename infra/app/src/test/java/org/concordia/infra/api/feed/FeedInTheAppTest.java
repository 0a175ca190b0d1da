package org.concordia.infra.api.feed;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.feed.FeedProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The feed's processor in the running application: fed in order, kept out of the admin replay, kept over restarts. */
class FeedInTheAppTest {

    @TempDir
    Path dataDir;

    @Test
    void everyEventIsFedOnceInOrderAndTheAdminReplayLeavesTheFeedAlone() {
        try (RunningApp app = new RunningApp(dataDir)) {
            RunningApp.Call cora = app.user("cora");
            String id = cora.post("/api/v1/collaborations", Map.of("key", "FEED", "name", "Feed", "kind", "OTHER"))
                            .json().get("id").asText();
            EventFeed feed = app.bean(EventFeed.class);
            // the feed also carries the accounts' events (admin's and cora's creation), before and between
            await().atMost(20, TimeUnit.SECONDS).until(() -> ofCollaboration(feed.after(0, 50), id).size() >= 2);
            List<FeedEntry> all = feed.after(0, 50);
            assertThat(all).extracting(FeedEntry::position).containsExactlyElementsOf(positions(all.size()));
            List<FeedEntry> entries = ofCollaboration(all, id);
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).event().getType()).isEqualTo("org.concordia.CollaborationRegistered.v1");

            RunningApp.Response replay = app.asAdmin().post("/api/v1/admin/projections/integration-feed/replay", Map.of());
            assertThat(replay.status()).as("the feed is not rebuilt: positions are a contract").isEqualTo(404);
            StreamingEventProcessor processor = app.bean(EventProcessingConfiguration.class)
                    .eventProcessor(FeedProjection.PROCESSING_GROUP, StreamingEventProcessor.class).orElseThrow();
            assertThat(processor.isRunning()).isTrue();

            app.restart();
            RunningApp.Call coraAgain = app.as("cora", RunningApp.passwordOf("cora"));
            coraAgain.post("/api/v1/collaborations", Map.of("key", "MORE", "name", "More", "kind", "OTHER"));
            EventFeed restarted = app.bean(EventFeed.class);
            await().atMost(20, TimeUnit.SECONDS).until(() -> restarted.head() >= all.size() + 2);
            List<FeedEntry> after = restarted.after(0, 50);
            assertThat(after).extracting(FeedEntry::position).containsExactlyElementsOf(positions(all.size() + 2));
            assertThat(after).extracting(e -> e.event().getId()).doesNotHaveDuplicates();
            assertThat(after.subList(0, all.size())).extracting(e -> e.event().getId())
                                                  .containsExactlyElementsOf(all.stream().map(e -> e.event().getId()).toList());
        }
    }

    private static List<FeedEntry> ofCollaboration(List<FeedEntry> entries, String collaborationId) {
        return entries.stream().filter(e -> collaborationId.equals(e.collaborationId())).toList();
    }

    private static List<Long> positions(int count) {
        return java.util.stream.LongStream.rangeClosed(1, count).boxed().toList();
    }
}
