package org.concordia.infra.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.concordia.infra.app.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as client generators and linters read it, fetched over real HTTP from the running app:
 * a real parser (swagger-parser) reports nothing, every {@code $ref} resolves, every operation has a summary and
 * declared tags, and the API explorer loads without credentials.
 */
class OpenApiDocumentHttpTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
                                                      "trace");

    @TempDir
    static Path dataDir;

    private static RunningApp app;
    private static RunningApp.Response document;

    @BeforeAll
    static void start() {
        app = new RunningApp(dataDir);
        document = app.anonymous().get("/v3/api-docs");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aRealOpenApiParserReadsTheDocumentWithoutAnyMessage() {
        assertThat(document.status()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(document.body(), null, options);
        assertThat(parsed.getMessages()).as("swagger-parser messages").isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        JsonNode api = document.json();
        List<String> refs = new ArrayList<>();
        collectRefs(api, refs);
        assertThat(refs).contains("#/components/schemas/Problem");
        for (String ref : new HashSet<>(refs)) {
            assertThat(ref).as("a local reference").startsWith("#/");
            assertThat(api.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        }
    }

    @Test
    void everyOperationHasASummaryAndDeclaredTags() {
        JsonNode api = document.json();
        Set<String> declared = new HashSet<>();
        api.get("tags").forEach(tag -> {
            declared.add(tag.get("name").asText());
            assertThat(tag.path("description").asText()).as("tag %s has a description", tag).isNotBlank();
        });
        List<String> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = api.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertThat(path.getKey()).as("only the HTTP API is documented").startsWith("/api/v1/");
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                operations.add(name);
                assertThat(op.getValue().path("summary").asText()).as("summary of %s", name).isNotBlank();
                assertThat(op.getValue().path("tags")).as("tags of %s", name).isNotEmpty();
                op.getValue().get("tags").forEach(tag -> assertThat(declared).as("tag of %s", name)
                                                                             .contains(tag.asText()));
                assertThat(op.getValue().at("/responses/409/content/application~1problem+json/schema/$ref")
                                        .asText()).as("problem responses of %s", name)
                        .isEqualTo("#/components/schemas/Problem");
            }
        }
        assertThat(operations).hasSizeGreaterThan(60);
    }

    @Test
    void theDocumentNamesItsLicenceAndContactAndDescribesProblemsAndSignatures() {
        JsonNode api = document.json();
        assertThat(api.at("/info/license/name").asText()).isNotBlank();
        assertThat(api.at("/info/contact/name").asText()).isNotBlank();
        assertThat(api.at("/components/schemas/Problem/properties/rule/description").asText()).isNotBlank();
        assertThat(api.at("/components/schemas/SignatureRequest/description").asText()).contains("21 CFR 11");
        assertThat(api.at("/components/schemas/SignatureRequest/properties/password/format").asText())
                .isEqualTo("password");
        assertThat(api.at("/components/schemas/RaiseIssueRequest/properties/title/example").asText()).isNotBlank();
    }

    @Test
    void theApiExplorerLoadsWithoutCredentials() {
        RunningApp.Response entry = app.anonymous().get("/swagger-ui.html", "text/html");
        assertThat(entry.status()).isIn(200, 302);
        RunningApp.Response page = app.anonymous().get("/swagger-ui/index.html", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        RunningApp.Response config = app.anonymous().get("/v3/api-docs/swagger-config");
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asText()).isEqualTo("/v3/api-docs");
        // the explorer opens no door: the API behind it still asks for credentials
        assertThat(app.anonymous().get("/api/v1/collaborations").status()).isEqualTo(401);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
