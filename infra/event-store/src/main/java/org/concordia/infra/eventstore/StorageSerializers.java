package org.concordia.infra.eventstore;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The stored formats: Jackson with its own ObjectMapper, so that HTTP settings can never change what is stored, and
 * stored data must read back forever (tolerant of added fields, ISO-8601 times).
 */
public final class StorageSerializers {

    private StorageSerializers() {
    }

    /** Events, messages and tokens. */
    public static JacksonSerializer events() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).lenientDeserialization().build();
    }

    /**
     * Snapshots hold aggregate state, which lives in private fields (with no getters, by design): serialise fields,
     * never accessors, so what is restored is exactly what was there.
     */
    public static JacksonSerializer snapshots() {
        ObjectMapper mapper = objectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    private static ObjectMapper objectMapper() {
        return JsonMapper.builder()
                         .addModule(new JavaTimeModule())
                         .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                         .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                         .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                         // stored events are their record components, not convenience methods like isSystem()
                         .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                         .build();
    }
}
