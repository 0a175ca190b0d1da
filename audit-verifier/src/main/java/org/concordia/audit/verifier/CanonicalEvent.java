package org.concordia.audit.verifier;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored event as the hash chain and the Merkle tree see it. Its canonical bytes are the UTF-8 of the RFC 8785
 * serialisation of the object with exactly these ten members (null where the store holds none):
 * <pre>
 * {"aggregateId":s,"aggregateType":s|null,"eventId":s,"metaData":s,"payload":s,"position":n,"revision":s|null,
 *  "sequence":n,"timestamp":s,"type":s}
 * </pre>
 * {@code payload} and {@code metaData} are the JSON texts exactly as stored, carried as strings (so no JSON
 * re-serialisation can change them); the actor (who, for which party, in which roles) is inside the payload's
 * {@code actor} member.
 */
public record CanonicalEvent(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                             String type, String revision, String timestamp, String payload, String metaData) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("position", position);
        map.put("eventId", eventId);
        map.put("aggregateType", aggregateType);
        map.put("aggregateId", aggregateId);
        map.put("sequence", sequence);
        map.put("type", type);
        map.put("revision", revision);
        map.put("timestamp", timestamp);
        map.put("payload", payload);
        map.put("metaData", metaData);
        return map;
    }

    public String canonicalJson() {
        return Json.canonical(toMap());
    }

    public byte[] canonicalBytes() {
        return canonicalJson().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] leafHash() {
        return Hashes.leaf(canonicalBytes());
    }

    public static CanonicalEvent fromMap(Map<?, ?> map) {
        if (map.size() != 10) {
            throw new IllegalArgumentException("a canonical event has exactly 10 members, this one " + map.size());
        }
        return new CanonicalEvent(number(map, "position"), text(map, "eventId"), (String) map.get("aggregateType"),
                                  text(map, "aggregateId"), number(map, "sequence"), text(map, "type"),
                                  (String) map.get("revision"), text(map, "timestamp"), text(map, "payload"),
                                  text(map, "metaData"));
    }

    private static long number(Map<?, ?> map, String name) {
        if (!(map.get(name) instanceof Long value)) {
            throw new IllegalArgumentException("member " + name + " must be an integer");
        }
        return value;
    }

    private static String text(Map<?, ?> map, String name) {
        if (!(map.get(name) instanceof String value)) {
            throw new IllegalArgumentException("member " + name + " must be a string");
        }
        return value;
    }
}
