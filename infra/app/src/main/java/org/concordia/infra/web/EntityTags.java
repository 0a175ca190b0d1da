package org.concordia.infra.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An aggregate's version as an entity tag: {@code ETag: "7"} on the way out, {@code If-Match: "7"} on the way in. */
public final class EntityTags {

    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"(\\d{1,18})\"$");

    private EntityTags() {
    }

    /** {@code If-Match: "7"} → 7; absent → null; anything else is a 400 naming the header. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher matcher = ETAG.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("If-Match: must be an entity tag such as \"7\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The entity tag of a version, for {@code ResponseEntity.eTag}. */
    public static String of(long version) {
        return Long.toString(version);
    }
}
