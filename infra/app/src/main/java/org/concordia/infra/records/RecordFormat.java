package org.concordia.infra.records;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How printed records write values (templates call it as {@code format}): instants in UTC to the second (a printed
 * record has no browser to turn them into a local zone), enum names as words.
 */
public final class RecordFormat {

    private static final DateTimeFormatter UTC_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    public String utc(Instant instant) {
        return instant == null ? "—" : UTC_TEXT.format(instant);
    }

    /** To the minute, without the zone: for table columns whose heading says UTC. */
    public String minutes(Instant instant) {
        return instant == null ? "—" : MINUTES.format(instant);
    }

    /** PROTOCOL_DEVIATION → "Protocol deviation". */
    public String words(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** The values, in their order, joined with ", "; "—" when there are none. */
    public String list(Collection<?> values) {
        return values == null || values.isEmpty() ? "—"
                : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    /** Party ids as their names, joined with ", ". */
    public String parties(Collection<String> ids, Map<String, String> names) {
        return ids == null || ids.isEmpty() ? "—"
                : ids.stream().sorted().map(id -> names.getOrDefault(id, id)).collect(Collectors.joining(", "));
    }

    /** Roles as words, joined. */
    public String roles(Collection<String> roles) {
        return roles == null || roles.isEmpty() ? "—"
                : roles.stream().map(this::words).collect(Collectors.joining(", "));
    }

    public String orDash(Object value) {
        return value == null || value.toString().isBlank() ? "—" : value.toString();
    }
}
