package org.concordia.kernel.shared;

import java.time.LocalDate;
import java.util.Collection;
import java.util.regex.Pattern;

/** Structural checks used by the compact constructors of messages; each failure names the field. */
public final class Check {

    public static final int ID_MAX = 100;
    public static final int NAME_MAX = 200;
    public static final int TITLE_MAX = 200;
    public static final int TEXT_MAX = 20_000;
    public static final int REASON_MAX = 2_000;

    private static final Pattern SHA256 = Pattern.compile("^[0-9a-fA-F]{64}$");

    private Check() {
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must not be null");
        }
        return value;
    }

    public static String text(String field, String value, int max) {
        notNull(field, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + ": must be at most " + max + " characters");
        }
        return value;
    }

    /** Null is allowed; otherwise the length limit applies (blank is allowed too). */
    public static String optionalText(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + ": must be at most " + max + " characters");
        }
        return value;
    }

    public static String id(String field, String value) {
        return text(field, value, ID_MAX);
    }

    public static String sha256(String field, String value) {
        if (value != null && !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": must be 64 hexadecimal characters");
        }
        return value;
    }

    /** An absolute http or https URI with a host. */
    public static String httpUri(String field, String value) {
        text(field, value, TEXT_MAX);
        try {
            java.net.URI uri = new java.net.URI(value);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(field + ": must be an absolute http(s) URI");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(field + ": must be an absolute http(s) URI");
        }
        return value;
    }

    /**
     * A calendar date with a four-digit year (0000-9999, as RFC 3339 writes dates): what clients can read back, and
     * far from the ends of {@link LocalDate}, where date arithmetic overflows.
     */
    public static LocalDate calendarDate(String field, LocalDate value) {
        notNull(field, value);
        if (value.getYear() < 0 || value.getYear() > 9999) {
            throw new IllegalArgumentException(field + ": must be a date in the years 0000 to 9999");
        }
        return value;
    }

    public static <C extends Collection<?>> C notEmpty(String field, C values) {
        notNull(field, values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(field + ": must not be empty");
        }
        return values;
    }

    public static <C extends Collection<?>> C noNulls(String field, C values) {
        notNull(field, values);
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException(field + ": must not contain null");
            }
        }
        return values;
    }

    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": must be at least " + min);
        }
        return value;
    }
}
