package org.concordia.infra.app;

import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;
import org.concordia.query.support.Generations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stop and start on the same data directory; reset a processor and rebuild its read model. */
class RestartAndReplayTest {

    /** A processor of its own that remembers every event it handled, across restarts of the app. */
    @Configuration(proxyBeanMethods = false)
    static class ProbeConfiguration {
        static final Set<String> handled = ConcurrentHashMap.newKeySet();
        static final List<String> handledTwice = new ArrayList<>();

        @Bean
        Probe probe() {
            return new Probe();
        }
    }

    @ProcessingGroup("probe")
    static class Probe {
        @EventHandler
        void on(Object event, EventMessage<?> message) {
            if (!ProbeConfiguration.handled.add(message.getIdentifier())) {
                synchronized (ProbeConfiguration.handledTwice) {
                    ProbeConfiguration.handledTwice.add(message.getIdentifier());
                }
            }
        }
    }

    @TempDir
    Path dataDir;

    @Test
    void afterARestartAggregatesLoadAndProcessorsResumeWithoutHandlingAnythingTwice() {
        try (RunningApp app = RunningApp.configured(dataDir, ProbeConfiguration.class)) {
            RunningApp.Call cora = app.user("cora");
            String id = cora.post("/api/v1/collaborations", Map.of("key", "REST", "name", "Restart", "kind", "OTHER"))
                            .json().get("id").asText();
            assertThat(cora.get("/api/v1/collaborations/" + id + "?minVersion=1").status()).isEqualTo(200);
            await().atMost(10, TimeUnit.SECONDS).until(() -> ProbeConfiguration.handled.size() >= 2);
            int handledBefore = ProbeConfiguration.handled.size();

            app.restart();

            // The aggregate loads from the store: a second registration under the key is refused by its state.
            RunningApp.Response again = cora.post("/api/v1/collaborations",
                                                  Map.of("key", "REST", "name", "Again", "kind", "OTHER"));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.json().get("rule").asText()).isEqualTo("COLLABORATION_KEY_TAKEN");
            // Users and read models are still there.
            assertThat(cora.get("/api/v1/collaborations/" + id).json().get("name").asText()).isEqualTo("Restart");

            String second = cora.post("/api/v1/collaborations", Map.of("key", "AFTER", "name", "After", "kind", "OTHER"))
                                .json().get("id").asText();
            assertThat(cora.get("/api/v1/collaborations/" + second + "?minVersion=1").status()).isEqualTo(200);
            await().atMost(10, TimeUnit.SECONDS).until(() -> ProbeConfiguration.handled.size() >= handledBefore + 2);
            assertThat(ProbeConfiguration.handledTwice).as("events handled again after the restart").isEmpty();
        }
    }

    @Test
    void replayingAProcessorRebuildsAnIdenticalReadModel() {
        try (RunningApp app = new RunningApp(dataDir)) {
            RunningApp.Call cora = app.user("cora");
            for (String key : List.of("ALPHA", "BETA", "GAMMA")) {
                String id = cora.post("/api/v1/collaborations", Map.of("key", key, "name", key, "kind", "OTHER"))
                                .json().get("id").asText();
                cora.get("/api/v1/collaborations/" + id + "?minVersion=1");
            }
            MongoDatabase database = app.bean(MongoDatabase.class);
            // GET /collaborations/{id} reads the collaboration's events, so wait for the projection itself.
            await().atMost(30, TimeUnit.SECONDS)
                   .until(() -> database.getCollection("collaboration_views").countDocuments() == 3);
            List<Document> before = snapshot(database, "collaboration_views");
            assertThat(before).hasSize(3);

            assertThat(cora.post("/api/v1/admin/projections/collaborations/replay", Map.of()).status())
                    .as("only administrators rebuild projections").isEqualTo(403);
            com.fasterxml.jackson.databind.JsonNode listed = app.asAdmin().get("/api/v1/admin/projections").json();
            assertThat(listed.findValuesAsText("name")).contains("collaborations", "issue-views", "audit-index");

            RunningApp.Response replay = app.asAdmin().post("/api/v1/admin/projections/collaborations/replay", Map.of());
            assertThat(replay.status()).isEqualTo(202);
            // Replayed from the first event into a new collection generation; queries read the old one until then.
            StreamingEventProcessor processor = app.bean(EventProcessingConfiguration.class)
                    .eventProcessor("collaborations", StreamingEventProcessor.class).orElseThrow();
            await().atMost(30, TimeUnit.SECONDS).until(() -> !processor.processingStatus().isEmpty()
                    && processor.processingStatus().values().stream()
                    .allMatch(status -> status.isCaughtUp()
                                        && status.getCurrentPosition().orElse(0) >= status.getResetPosition().orElse(0)));
            assertThat(app.asAdmin().get("/api/v1/admin/projections/collaborations").json().at("/segments/0/lag")
                          .asLong()).isZero();
            await().atMost(30, TimeUnit.SECONDS).until(() -> app.asAdmin()
                    .get("/api/v1/admin/projections/collaborations").json().path("servingGeneration").asLong() == 1);

            assertThat(snapshot(database, Generations.physical("collaboration_views", 1))).isEqualTo(before);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !database.listCollectionNames().into(new ArrayList<>())
                    .contains("collaboration_views"));
        }
    }

    private static List<Document> snapshot(MongoDatabase database, String collection) {
        List<Document> documents = new ArrayList<>();
        database.getCollection(collection).find().forEach(documents::add);
        documents.sort((a, b) -> a.getString("_id").compareTo(b.getString("_id")));
        return documents;
    }
}
