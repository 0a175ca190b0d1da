package org.concordia.infra.workspace.support;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How the pages write values (templates call it as {@code @format}): enum names as words, durations as "3 d 4 h",
 * instants as UTC text (the browser's script turns them into its own zone, keeping UTC on hover).
 */
@Component("format")
public class Format {

    private static final DateTimeFormatter UTC_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** PROTOCOL_DEVIATION → "Protocol deviation". */
    public String words(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString().replace('_', ' ').toLowerCase(Locale.ROOT);
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Whole seconds to wait (the sign-in page's {@code ?locked=N}) as "45 seconds", "3 minutes"; "a while" if odd. */
    public String waitFor(String seconds) {
        long s;
        try {
            s = Long.parseLong(seconds);
        } catch (NumberFormatException notANumber) {
            return "a while";
        }
        if (s <= 0) {
            return "a while";
        }
        if (s < 120) {
            return s + (s == 1 ? " second" : " seconds");
        }
        long minutes = (s + 59) / 60;
        return minutes < 120 ? minutes + " minutes" : ((minutes + 59) / 60) + " hours";
    }

    public String utc(Instant instant) {
        return instant == null ? "" : UTC_TEXT.format(instant);
    }

    /** The ISO form for a {@code <time datetime>} attribute. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The value of a {@code datetime-local} input holding this instant in UTC. */
    public String localInput(Instant instant) {
        return instant == null ? "" : LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                                                   .truncatedTo(ChronoUnit.MINUTES).toString();
    }

    /** "3 d 4 h", "5 h 12 min", "42 s": the two largest units. */
    public String duration(Duration duration) {
        if (duration == null) {
            return "—";
        }
        long seconds = Math.abs(duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return hours > 0 ? days + " d " + hours + " h" : days + " d";
        }
        if (hours > 0) {
            return minutes > 0 ? hours + " h " + minutes + " min" : hours + " h";
        }
        if (minutes > 0) {
            return minutes + " min";
        }
        return seconds + " s";
    }

    /** "in 3 d 4 h" or "overdue by 2 h" for a due instant seen at {@code now}. */
    public String due(Instant due, Instant now) {
        if (due == null) {
            return "";
        }
        Duration left = Duration.between(now, due);
        return left.isNegative() ? "overdue by " + duration(left) : "due in " + duration(left);
    }

    public boolean overdue(Instant due, Instant now) {
        return due != null && due.isBefore(now);
    }

    /**
     * An instant typed into a form: ISO with a zone ({@code 2026-03-01T09:30:00Z}, as the page's script sends it) or
     * a {@code datetime-local} value read as UTC (when the script did not run). Blank is null.
     */
    public static Instant parseInstant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notIso) {
            try {
                return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(field + ": must be a date and time such as 2026-03-01T09:30");
            }
        }
    }
}
