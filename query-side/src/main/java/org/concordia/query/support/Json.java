package org.concordia.query.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;

/**
 * How read-model state is stored: the body of a document is one JSON string (field {@code json}), written and read
 * by Jackson, with instants as ISO-8601 strings. Lookup fields ({@code _id}, {@code collaborationId}, {@code seq},
 * {@code position}, ...) sit beside it as plain BSON fields. User-supplied ids (usernames with dots, party ids)
 * therefore never become BSON field names.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // records are their components: not convenience methods such as ActorContext.isSystem()
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS);

    /**
     * For stored read-model state: map entries sorted by key, so a document's bytes do not depend on whether a map
     * was rebuilt from JSON (insertion order) or kept in memory across a batch (its own order).
     */
    private static final ObjectMapper STATE_MAPPER = MAPPER.copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * For stored issue state ({@link org.concordia.query.issue.IssueState} and the records it holds): as
     * {@link #STATE_MAPPER}, without null properties (about a sixth of its bytes), which read back as null; map
     * entries are kept whatever their value. Every class of that tree but {@code IssueState} is a record, and
     * {@code IssueState}'s fields that start non-null are never set to null, so what is read back is what was written.
     */
    private static final ObjectMapper ISSUE_STATE_MAPPER = STATE_MAPPER.copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.ALWAYS));

    private Json() {
    }

    /** Serialises an issue's state to store: {@link #writeState} without its null properties. */
    public static String writeIssueState(Object value) {
        try {
            return ISSUE_STATE_MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Serialises read-model state to store (deterministic map order). */
    public static String writeState(Object value) {
        try {
            return STATE_MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot deserialize " + type.getName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, Map.class);
    }
}
