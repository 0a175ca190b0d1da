package org.concordia.query.collaboration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/** Maps view records to MongoDB documents and back through JSON: one mapping, the records' own shape. */
final class ViewDocuments {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .build();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private ViewDocuments() {
    }

    static Document toDocument(String id, Object view) {
        try {
            Document document = Document.parse(MAPPER.writeValueAsString(view));
            document.put("_id", id);
            return document;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot map " + view.getClass().getSimpleName(), e);
        }
    }

    static <T> T fromDocument(Document document, Class<T> type) {
        Document copy = new Document(document);
        copy.remove("_id");
        try {
            return MAPPER.readValue(copy.toJson(RELAXED), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read " + type.getSimpleName(), e);
        }
    }
}
