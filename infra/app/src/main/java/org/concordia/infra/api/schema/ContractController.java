package org.concordia.infra.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.concordia.infra.web.NotFound;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The published integration contract, readable without credentials (it holds no data, like {@code /v3/api-docs},
 * and schema registries and AsyncAPI tools fetch it anonymously): the JSON Schema of every event type (checked in
 * under shared-kernel's {@code schemas/events}, kept true by its EventSchemasTest) and the AsyncAPI document.
 */
@RestController
class ContractController {

    static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");
    private static final Pattern TYPE = Pattern.compile("^org\\.concordia\\.[A-Za-z]+\\.v[0-9]+$");
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();

    private final ObjectMapper json = new ObjectMapper();

    record SchemaLink(String type, String href) {
    }

    record SchemaIndex(List<SchemaLink> schemas) {
    }

    @GetMapping(path = "/api/v1/schemas/events", produces = "application/json")
    ResponseEntity<SchemaIndex> index() throws IOException {
        List<SchemaLink> links = new ArrayList<>();
        try (InputStream in = new ClassPathResource("schemas/events/index.json").getInputStream()) {
            for (JsonNode type : json.readTree(in).get("types")) {
                links.add(new SchemaLink(type.asText(), "/api/v1/schemas/events/" + type.asText()));
            }
        }
        return ResponseEntity.ok().cacheControl(CACHE).body(new SchemaIndex(links));
    }

    @GetMapping("/api/v1/schemas/events/{type}")
    ResponseEntity<byte[]> schema(@PathVariable String type) throws IOException {
        if (!TYPE.matcher(type).matches()) {
            throw new NotFound();
        }
        return resource("schemas/events/" + type + ".schema.json", SCHEMA_JSON);
    }

    @GetMapping("/api/v1/asyncapi")
    ResponseEntity<byte[]> asyncApi() throws IOException {
        return resource("contract/asyncapi.yaml", YAML);
    }

    private ResponseEntity<byte[]> resource(String path, MediaType type) throws IOException {
        ClassPathResource resource = new ClassPathResource(path);
        if (!resource.exists()) {
            throw new NotFound();
        }
        try (InputStream in = resource.getInputStream()) {
            return ResponseEntity.ok().contentType(type).cacheControl(CACHE).body(in.readAllBytes());
        }
    }
}
