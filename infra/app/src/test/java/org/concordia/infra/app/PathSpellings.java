package org.concordia.infra.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Other spellings of one path, as an attacker would try them to get past a check that matches the raw request
 * URI while routing uses the decoded one: percent-encoded letters, case changes, {@code ;} parameters, doubled and
 * trailing slashes, dot segments (plain and encoded), encoded slashes and backslashes.
 */
final class PathSpellings {

    record Spelling(String how, String target) {
    }

    private PathSpellings() {
    }

    /**
     * @param segments the path's segments, without slashes
     * @param literal  which segments are fixed words of the route (the others are path variables)
     */
    static List<Spelling> of(List<String> segments, List<Boolean> literal) {
        List<Spelling> spellings = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            int letter = firstEncodable(segment);
            if (letter >= 0) {
                spellings.add(new Spelling("percent-encoded '" + segment.charAt(letter) + "' in segment " + i,
                        join(segments, i, encode(segment, letter, "%%%02X"))));
                spellings.add(new Spelling("lower-case percent-encoded '" + segment.charAt(letter) + "' in segment "
                        + i, join(segments, i, encode(segment, letter, "%%%02x"))));
            }
            String capitalised = Character.toUpperCase(segment.charAt(0)) + segment.substring(1);
            if (literal.get(i) && !capitalised.equals(segment)) {
                spellings.add(new Spelling("capitalised segment " + i, join(segments, i, capitalised)));
            }
            spellings.add(new Spelling(";x=y on segment " + i, join(segments, i, segment + ";x=y")));
            spellings.add(new Spelling("empty ; on segment " + i, join(segments, i, segment + ";")));
            spellings.add(new Spelling("doubled slash before segment " + i, join(segments, i, "/" + segment)));
            spellings.add(new Spelling("dot segment before segment " + i, join(segments, i, "./" + segment)));
            spellings.add(new Spelling("dot-dot segment before segment " + i,
                    join(segments, i, "x/../" + segment)));
        }
        String canonical = join(segments, -1, null);
        int last = segments.size() - 1;
        spellings.add(new Spelling("upper case path", canonical.toUpperCase(Locale.ROOT)));
        spellings.add(new Spelling("trailing slash", canonical + "/"));
        spellings.add(new Spelling("trailing dot segment", canonical + "/."));
        spellings.add(new Spelling("encoded dot segment", join(segments, last, "%2e/" + segments.get(last))));
        spellings.add(new Spelling("encoded dot-dot segment",
                join(segments, last, "x/%2E%2E/" + segments.get(last))));
        spellings.add(new Spelling("encoded slash", join(segments, last, "%2F" + segments.get(last))
                .replace("/%2F", "%2F")));
        spellings.add(new Spelling("backslash", join(segments, last, "\\" + segments.get(last))
                .replace("/\\", "\\")));
        spellings.add(new Spelling("encoded backslash", join(segments, last, "%5C" + segments.get(last))
                .replace("/%5C", "%5C")));
        spellings.add(new Spelling("doubly encoded first letter", join(segments, 0,
                encode(segments.get(0), 0, "%%25%02X"))));
        return spellings;
    }

    static String join(List<String> segments, int replaced, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            path.append('/').append(i == replaced ? replacement : segments.get(i));
        }
        return path.toString();
    }

    /** The first character that is unreserved (RFC 3986), so that encoding it must not change the meaning. */
    private static int firstEncodable(String segment) {
        for (int i = 0; i < segment.length(); i++) {
            if (Character.isLetter(segment.charAt(i)) && segment.charAt(i) < 128) {
                return i;
            }
        }
        return segment.isEmpty() ? -1 : 0;
    }

    private static String encode(String segment, int at, String format) {
        return segment.substring(0, at) + String.format(Locale.ROOT, format, (int) segment.charAt(at))
               + segment.substring(at + 1);
    }
}
