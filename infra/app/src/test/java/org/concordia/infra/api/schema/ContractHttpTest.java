package org.concordia.infra.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The published contract over real HTTP: event schemas and the AsyncAPI document, readable without credentials. */
class ContractHttpTest {

    @TempDir
    Path dataDir;

    @Test
    @SuppressWarnings("unchecked")
    void everyEventTypeHasASchemaAndAMessageInTheAsyncApiDocument() {
        try (RunningApp app = new RunningApp(dataDir)) {
            RunningApp.Response index = app.anonymous().get("/api/v1/schemas/events");
            assertThat(index.status()).isEqualTo(200);
            List<String> types = new ArrayList<>();
            index.json().get("schemas").forEach(s -> types.add(s.get("type").asText()));
            assertThat(types).contains("org.concordia.IssueRaised.v1", "org.concordia.CommentAdded.v1",
                                       "org.concordia.MemberAdded.v1").hasSizeGreaterThanOrEqualTo(24);

            for (JsonNode link : index.json().get("schemas")) {
                RunningApp.Response schema = app.anonymous().get(link.get("href").asText(), "application/schema+json");
                assertThat(schema.status()).as(link.toString()).isEqualTo(200);
                assertThat(schema.header("Content-Type")).startsWith("application/schema+json");
                assertThat(schema.json().get("title").asText()).isEqualTo(link.get("type").asText());
            }
            assertThat(app.anonymous().get("/api/v1/schemas/events/org.concordia.Nothing.v1").status()).isEqualTo(404);
            assertThat(app.anonymous().get("/api/v1/schemas/events/..%2F..%2Fapplication.yml").status())
                    .isIn(400, 404);

            RunningApp.Response asyncApi = app.anonymous().get("/api/v1/asyncapi", "application/yaml");
            assertThat(asyncApi.status()).isEqualTo(200);
            assertThat(asyncApi.header("Content-Type")).startsWith("application/yaml");
            Map<String, Object> document = new Yaml().load(asyncApi.body());
            assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
            Map<String, Object> channels = (Map<String, Object>) document.get("channels");
            assertThat(channels).containsKeys("feed", "stream", "webhook", "kafka");
            assertThat(((Map<String, Object>) channels.get("kafka")).get("address")).isEqualTo("concordia.events");
            Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>)
                    ((Map<String, Object>) document.get("components")).get("messages");
            List<Object> described = messages.values().stream().map(m -> m.get("name")).toList();
            // what the feed emits: the newest revision of each event (older revisions are upcast before publishing)
            Map<String, String> newest = new java.util.TreeMap<>();
            for (String type : types) {
                String name = type.substring(0, type.lastIndexOf(".v"));
                newest.merge(name, type, (a, b) -> revision(a) >= revision(b) ? a : b);
            }
            assertThat(described).as("every event type is described (update docs/asyncapi.yaml for a new one)")
                                 .containsAll(newest.values());
        }
    }

    private static int revision(String type) {
        return Integer.parseInt(type.substring(type.lastIndexOf(".v") + 2));
    }
}
