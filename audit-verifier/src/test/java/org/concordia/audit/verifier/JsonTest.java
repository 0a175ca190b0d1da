package org.concordia.audit.verifier;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void canonicalFormSortsMembersAndEscapesAsRfc8785() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("b", "line\nbreak \"quoted\" back\\slash tab\t ctl\u0001 é €");
        value.put("a", 42L);
        value.put("c", null);
        value.put("A", List.of(true, false));
        assertThat(Json.canonical(value)).isEqualTo(
                "{\"A\":[true,false],\"a\":42,\"b\":\"line\\nbreak \\\"quoted\\\" back\\\\slash tab\\t ctl\\u0001 é €\","
                + "\"c\":null}");
    }

    @Test
    void parseThenCanonicalIsStable() {
        String canonical = "{\"event\":{\"n\":-3,\"s\":\"x\\u001fy\"},\"list\":[1,\"two\",null]}";
        assertThat(Json.canonical(Json.parse(" { \"list\" : [1, \"two\", null], \"event\": {\"s\":\"x\\u001Fy\",\"n\":-3} } ")))
                .isEqualTo(canonical);
    }

    @Test
    void rejectsMalformedInputAndDuplicateMembers() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1} x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1.5}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonicalEventHasExactlyTheDocumentedBytes() {
        CanonicalEvent event = new CanonicalEvent(7, "e-1", null, "e-1", 0, "org.X", "1", "2026-01-01T00:00:00Z",
                                                  "{\"collaborationId\":\"c\"}", "{}");
        assertThat(event.canonicalJson()).isEqualTo(
                "{\"aggregateId\":\"e-1\",\"aggregateType\":null,\"eventId\":\"e-1\",\"metaData\":\"{}\","
                + "\"payload\":\"{\\\"collaborationId\\\":\\\"c\\\"}\",\"position\":7,\"revision\":\"1\","
                + "\"sequence\":0,\"timestamp\":\"2026-01-01T00:00:00Z\",\"type\":\"org.X\"}");
        assertThat(CanonicalEvent.fromMap(Json.parseObject(event.canonicalJson()))).isEqualTo(event);
    }
}
