package org.concordia.query.collaboration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.concordia.query.support.Json;

/** Maps view records to MongoDB documents and back through the query side's one JSON mapping. */
final class ViewDocuments {

    private static final ObjectMapper MAPPER = Json.MAPPER;
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
