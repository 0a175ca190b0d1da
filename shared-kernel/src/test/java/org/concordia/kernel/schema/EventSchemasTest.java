package org.concordia.kernel.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import org.axonframework.serialization.Revision;
import org.concordia.kernel.account.AccountEvent;
import org.concordia.kernel.collaboration.CollaborationEvent;
import org.concordia.kernel.issue.IssueEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every event's JSON Schema is generated from its record and checked in under
 * {@code src/main/resources/schemas/events/<type>.schema.json} (type = {@code org.concordia.<EventName>.v<revision>},
 * the CloudEvents type). A fingerprint per type in {@code fingerprints.properties} pins a released revision: its
 * shape may never change again; a changed event needs a new {@code @Revision} (and an upcaster).
 * <p>
 * Regenerate after adding or changing an event (with its new revision):
 * {@code ./mvnw -B -q -pl shared-kernel -am test -Dtest=EventSchemasTest -Dsurefire.failIfNoSpecifiedTests=false -Dconcordia.schemas.regenerate=true}
 */
class EventSchemasTest {

    static final String REGENERATE = "concordia.schemas.regenerate";
    static final String HOW = "./mvnw -B -q -pl shared-kernel -am test -Dtest=EventSchemasTest "
                              + "-Dsurefire.failIfNoSpecifiedTests=false -D" + REGENERATE + "=true";
    static final Path DIRECTORY = Path.of("src/main/resources/schemas/events");
    static final Path FINGERPRINTS = DIRECTORY.resolve("fingerprints.properties");
    static final Path INDEX = DIRECTORY.resolve("index.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                                                               .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static List<Class<?>> eventClasses() {
        List<Class<?>> events = new ArrayList<>(List.of(IssueEvent.class.getPermittedSubclasses()));
        events.addAll(List.of(CollaborationEvent.class.getPermittedSubclasses()));
        events.addAll(List.of(AccountEvent.class.getPermittedSubclasses()));
        events.sort(java.util.Comparator.comparing(Class::getSimpleName));
        return events;
    }

    static String typeOf(Class<?> event) {
        Revision revision = event.getAnnotation(Revision.class);
        assertThat(revision).as(event.getSimpleName() + " carries @Revision").isNotNull();
        return "org.concordia." + event.getSimpleName() + ".v" + revision.value();
    }

    static String schemaOf(Class<?> event) throws IOException {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12,
                                                                               OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.ADDITIONAL_FIXED_TYPES, Option.EXTRA_OPEN_API_FORMAT_VALUES,
                      Option.FLATTENED_ENUMS, Option.DEFINITIONS_FOR_ALL_OBJECTS);
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(event);
        String type = typeOf(event);
        ObjectNode ordered = JSON.createObjectNode();
        ordered.put("$schema", schema.get("$schema").asText());
        ordered.put("$id", "urn:concordia:schema:" + type);
        ordered.put("title", type);
        ordered.put("description", "The data of the CloudEvent of type " + type + ": the event record "
                                   + event.getName() + ", as JSON. Instants are ISO-8601 UTC.");
        schema.remove("$schema");
        ordered.setAll(schema);
        return JSON.writeValueAsString(JSON.readTree(JSON.writeValueAsString(ordered))) + "\n";
    }

    static String fingerprint(String schema) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(schema.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyEventHasItsCheckedInSchemaAndNoReleasedRevisionChanged() throws IOException {
        Map<String, String> generated = new TreeMap<>();
        for (Class<?> event : eventClasses()) {
            generated.put(typeOf(event), schemaOf(event));
        }
        List<String> problems = check(generated, Boolean.getBoolean(REGENERATE));
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    /** A record standing for CommentAdded after someone added a field without raising its revision. */
    @Revision("1")
    record CommentAddedWithAnExtraField(String collaborationId, String issueId, String commentId, String text,
                                        String mood) {
    }

    @Test
    void aChangedShapeUnderAReleasedRevisionIsRefusedEvenWhenRegenerating() throws IOException {
        String changed = schemaOf(CommentAddedWithAnExtraField.class).replace(
                CommentAddedWithAnExtraField.class.getSimpleName(), "CommentAdded");
        List<String> problems = check(Map.of("org.concordia.CommentAdded.v1", changed), false);
        assertThat(problems).singleElement().asString()
                            .contains("org.concordia.CommentAdded.v1", "@Revision did not", HOW);
    }

    @Test
    void aHandEditedSchemaIsReportedWithHowToRegenerate() throws IOException {
        Path file = DIRECTORY.resolve("org.concordia.CommentAdded.v1.schema.json");
        String schema = schemaOf(org.concordia.kernel.issue.CommentAdded.class);
        assertThat(Files.readString(file)).isEqualTo(schema);
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("\"text\"", "\"body\""));
            assertThat(check(Map.of("org.concordia.CommentAdded.v1", schema), false)).singleElement().asString()
                    .contains("differs from the record", HOW);
        } finally {
            Files.writeString(file, original);
        }
    }

    /** What is wrong with the checked-in schemas, given freshly generated ones; regenerating fixes what it may. */
    static List<String> check(Map<String, String> generated, boolean regenerate) throws IOException {
        Map<String, String> fingerprints = readFingerprints();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> entry : generated.entrySet()) {
            String type = entry.getKey();
            String schema = entry.getValue();
            String pinned = fingerprints.get(type);
            if (pinned != null && !pinned.equals(fingerprint(schema))) {
                problems.add(type + ": the event's shape changed but its @Revision did not. A released revision "
                             + "never changes: raise @Revision on the record, add an upcaster from the old "
                             + "revision, then regenerate with " + HOW);
                continue;
            }
            Path file = DIRECTORY.resolve(type + ".schema.json");
            String checkedIn = Files.exists(file) ? Files.readString(file) : null;
            if (!schema.equals(checkedIn)) {
                if (regenerate) {
                    Files.createDirectories(DIRECTORY);
                    Files.writeString(file, schema);
                } else {
                    problems.add(type + ": " + (checkedIn == null ? "no checked-in schema" : "the checked-in schema "
                                 + "differs from the record") + "; regenerate with " + HOW);
                }
            }
            if (pinned == null) {
                if (regenerate) {
                    fingerprints.put(type, fingerprint(schema));
                } else {
                    problems.add(type + ": no fingerprint pins this revision; regenerate with " + HOW);
                }
            }
        }
        if (generated.size() > 1) {
            // Schemas of earlier revisions stay (old events keep their type in the feed): the index lists every file.
            String index = index();
            if (regenerate) {
                writeFingerprints(fingerprints);
                Files.writeString(INDEX, index);
            } else if (!Files.exists(INDEX) || !Files.readString(INDEX).equals(index)) {
                problems.add("index.json is not up to date; regenerate with " + HOW);
            }
        }
        return problems;
    }

    @Test
    void theCheckedInSchemasDescribeTheRecordsAsTheFeedWritesThem() throws IOException {
        String raised = Files.readString(DIRECTORY.resolve("org.concordia.IssueRaised.v1.schema.json"));
        var schema = JSON.readTree(raised);
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.at("/properties/title/type").asText()).isEqualTo("string");
        assertThat(schema.at("/$defs/Severity/enum")).isNotEmpty();
        assertThat(schema.at("/$defs/GovernanceTier/properties/acknowledgeWithin/format").asText())
                .as("durations as ISO-8601 strings, as the feed writes them").isEqualTo("duration");
        assertThat(schema.at("/properties/actor/$ref").asText()).isNotEmpty();
        assertThat(raised).as("record components only, no convenience accessors").doesNotContain("\"system\"");
    }

    private static String index() throws IOException {
        ArrayNode types = JSON.createArrayNode();
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            files.map(f -> f.getFileName().toString())
                 .filter(n -> n.endsWith(".schema.json"))
                 .map(n -> n.substring(0, n.length() - ".schema.json".length()))
                 .sorted()
                 .forEach(types::add);
        }
        ObjectNode index = JSON.createObjectNode();
        index.set("types", types);
        return JSON.writeValueAsString(index) + "\n";
    }

    private static Map<String, String> readFingerprints() throws IOException {
        Map<String, String> fingerprints = new TreeMap<>();
        if (Files.exists(FINGERPRINTS)) {
            for (String line : Files.readAllLines(FINGERPRINTS)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("=", 2);
                    fingerprints.put(parts[0].trim(), parts[1].trim());
                }
            }
        }
        return fingerprints;
    }

    private static void writeFingerprints(Map<String, String> fingerprints) throws IOException {
        StringBuilder out = new StringBuilder("""
                # SHA-256 of each released event revision's schema. Never edit a line: a changed event gets a new
                # @Revision (and an upcaster). Lines are added by EventSchemasTest with -Dconcordia.schemas.regenerate=true.
                """);
        fingerprints.forEach((type, hash) -> out.append(type).append(" = ").append(hash).append('\n'));
        Files.writeString(FINGERPRINTS, out.toString());
    }
}
