package org.concordia.infra.config;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.concordia.infra.app.RunningApp;
import org.concordia.infra.integration.feed.EventFeed;
import org.concordia.infra.integration.feed.FeedEntry;
import org.concordia.infra.integration.kafka.KafkaEventPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands in over HTTP → CloudEvents out of a real (in-process KRaft) Kafka broker: every feed entry once, keyed by
 * aggregate, in order per key, attributes intact; progress survives a restart.
 */
class KafkaPublisherRoundTripTest {

    static final String TOPIC = "concordia.events";
    static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void everyFeedEntryIsPublishedOnceInOrderPerAggregateAndPublishingResumesAfterARestart() {
        try (RunningApp app = new RunningApp(dataDir, "--concordia.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                                             "--concordia.kafka.poll-interval=100ms");
             KafkaConsumer<String, CloudEvent> consumer = consumer()) {
            RunningApp.Call cora = app.user("cora");
            String cid = cora.post("/api/v1/collaborations", Map.of("key", "KAFKA", "name", "K", "kind", "OTHER"))
                             .json().get("id").asText();
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=1");
            long version = cora.post("/api/v1/collaborations/" + cid + "/parties",
                                     Map.of("partyId", "sponsor", "name", "Sponsor", "role", "SPONSOR"))
                               .json().get("version").asLong();
            RunningApp.Call carl = app.user("carl");
            version = cora.post("/api/v1/collaborations/" + cid + "/members",
                                Map.of("username", "carl", "partyId", "sponsor", "roles", List.of("CONTRIBUTOR")))
                          .json().get("version").asLong();
            version = cora.put("/api/v1/collaborations/" + cid + "/governance", Map.of("tiers", List.of(Map.of(
                    "name", "WG", "members", List.of("carl"), "acknowledgeWithin", "P2D", "resolveWithin", "P14D",
                    "quorum", 1)))).json().get("version").asLong();
            cora.get("/api/v1/collaborations/" + cid + "?minVersion=" + version);
            String first = raise(carl, cid, "First");
            String second = raise(carl, cid, "Second");
            for (int i = 0; i < 3; i++) {
                comment(carl, cid, first, "on first " + i);
                comment(carl, cid, second, "on second " + i);
            }

            EventFeed feed = app.bean(EventFeed.class);
            KafkaEventPublisher publisher = app.bean(KafkaEventPublisher.class);
            await().atMost(30, TimeUnit.SECONDS).until(() -> feed.head() >= 14 && publisher.publishedPosition() == feed.head());
            List<FeedEntry> entries = feed.after(0, 1000);
            List<ConsumerRecord<String, CloudEvent>> records = consumeAtLeast(consumer, entries.size());

            assertThat(records).hasSize(entries.size());
            Map<String, FeedEntry> byId = new LinkedHashMap<>();
            entries.forEach(e -> byId.put(e.event().getId(), e));
            assertThat(records).extracting(r -> r.value().getId()).containsExactlyInAnyOrderElementsOf(byId.keySet());
            for (ConsumerRecord<String, CloudEvent> record : records) {
                FeedEntry entry = byId.get(record.value().getId());
                CloudEvent out = record.value();
                CloudEvent in = entry.event();
                assertThat(record.key()).isEqualTo(in.getSubject() != null ? in.getSubject() : cid);
                assertThat(out.getType()).isEqualTo(in.getType());
                assertThat(out.getSource()).isEqualTo(in.getSource());
                assertThat(out.getSubject()).isEqualTo(in.getSubject());
                assertThat(out.getTime()).isEqualTo(in.getTime());
                assertThat(out.getDataContentType()).isEqualTo("application/json");
                assertThat(out.getData().toBytes()).isEqualTo(in.getData().toBytes());
                assertThat(out.getExtension("position").toString()).isEqualTo(Long.toString(entry.position()));
            }
            // per key (one partition each), positions arrive in increasing order
            Map<String, List<Long>> positionsByKey = new LinkedHashMap<>();
            for (ConsumerRecord<String, CloudEvent> record : records) {
                positionsByKey.computeIfAbsent(record.key(), k -> new ArrayList<>())
                              .add(Long.parseLong(record.value().getExtension("position").toString()));
            }
            // account events (the users' creation) travel keyed by username, collaboration events by aggregate
            assertThat(positionsByKey.keySet()).containsExactlyInAnyOrder(cid, first, second, "admin", "cora", "carl");
            positionsByKey.values().forEach(positions -> assertThat(positions).isSorted());
            assertThat(positionsByKey.get(first)).hasSize(4);

            app.restart();
            RunningApp.Call carlAgain = app.as("carl", RunningApp.passwordOf("carl"));
            comment(carlAgain, cid, first, "after the restart");
            EventFeed feedAgain = app.bean(EventFeed.class);
            KafkaEventPublisher publisherAgain = app.bean(KafkaEventPublisher.class);
            await().atMost(30, TimeUnit.SECONDS).until(() -> feedAgain.head() > entries.size()
                                                             && publisherAgain.publishedPosition() == feedAgain.head());
            List<ConsumerRecord<String, CloudEvent>> more = consumeAtLeast(consumer, 1);
            assertThat(more).hasSize(1);
            assertThat(more.get(0).key()).isEqualTo(first);
            assertThat(more.get(0).value().getType()).isEqualTo("org.concordia.CommentAdded.v1");
        }
    }

    static String raise(RunningApp.Call who, String cid, String title) {
        RunningApp.Response raised = who.post("/api/v1/collaborations/" + cid + "/issues", Map.of(
                "type", "ISSUE", "title", title, "description", "d", "category", "BUDGET", "severity", "LOW",
                "involvedParties", List.of("sponsor")));
        assertThat(raised.status()).as(raised.body()).isEqualTo(201);
        return raised.json().get("id").asText();
    }

    static void comment(RunningApp.Call who, String cid, String issueId, String text) {
        RunningApp.Response commented = who.post("/api/v1/collaborations/" + cid + "/issues/" + issueId + "/comments",
                                                 Map.of("text", text));
        assertThat(commented.status()).as(commented.body()).isLessThan(300);
    }

    static KafkaConsumer<String, CloudEvent> consumer() {
        KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class));
        consumer.subscribe(List.of(TOPIC));
        return consumer;
    }

    /** Polls until at least {@code count} records arrived, then a little longer to catch any extra. */
    static List<ConsumerRecord<String, CloudEvent>> consumeAtLeast(KafkaConsumer<String, CloudEvent> consumer,
                                                                   int count) {
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        return records;
    }
}
