package org.concordia.kernel.collaboration;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.concordia.kernel.shared.Check;

/**
 * Typed collaboration id. Messages carry the plain {@link #value()} (a String) so that they stay
 * trivially Jackson-serializable; use this type to derive and validate ids.
 * The id is deterministic from the key: a name-based (v3) UUID of {@code "concordia:collaboration:" + key},
 * so key uniqueness is enforced by the event store (a second creation collides on sequence number 0).
 */
public record CollaborationId(String value) {

    public static final Pattern KEY = Pattern.compile("^[A-Z]{2,10}$");

    public CollaborationId {
        Check.id("collaborationId", value);
    }

    public static CollaborationId forKey(String key) {
        requireKey(key);
        return new CollaborationId(UUID.nameUUIDFromBytes(
                ("concordia:collaboration:" + key).getBytes(StandardCharsets.UTF_8)).toString());
    }

    public static String requireKey(String key) {
        Check.notNull("key", key);
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("key: must be 2 to 10 upper-case letters");
        }
        return key;
    }

    @Override
    public String toString() {
        return value;
    }
}
