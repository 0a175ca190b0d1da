package org.concordia.infra.web;

import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request path is, whatever its spelling. A check that keys on the path must not be skippable by writing
 * the same path another way ({@code /%61pi/}, {@code /api//v1}, {@code /api/./v1}, {@code /api;x/}, {@code /API/}),
 * so {@link #isApi} asks of the path in its most lenient reading, and {@link #refusal} names what keeps a raw path
 * from being canonical.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * Whether any server could route this request into the API: its path decoded, without {@code ;} parameters,
     * backslashes read as slashes, slashes collapsed, dot segments resolved and case ignored starts with /api.
     */
    public static boolean isApi(HttpServletRequest request) {
        String path = lenient(pathWithinApplication(request));
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** Why the raw path is not in canonical form; empty when it is. */
    public static Optional<String> refusal(String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return Optional.of("the path must start with /");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                return Optional.of("path parameters (;) are not accepted");
            }
            if (c == '\\') {
                return Optional.of("backslashes are not accepted");
            }
            if (c <= 0x20 || c >= 0x7f) {
                return Optional.of("characters outside visible ASCII must be percent-encoded");
            }
            if (c == '%') {
                int decoded = hexByte(rawPath, i + 1);
                if (decoded < 0) {
                    return Optional.of("a % must start a percent-encoding such as %20");
                }
                if (mustNotBeEncoded(decoded)) {
                    return Optional.of("'" + rawPath.substring(i, i + 3) + "' encodes a character that must be"
                                       + " written as itself (or must not be in a path)");
                }
                i += 2;
            }
        }
        if (rawPath.contains("//")) {
            return Optional.of("empty path segments (//) are not accepted");
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("dot segments (. and ..) are not accepted");
            }
        }
        return Optional.empty();
    }

    /** The path with the context path taken off, as the client sent it (still encoded). */
    public static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length())
                                                                                 : uri;
    }

    /**
     * Unreserved characters (RFC 3986: letters, digits, {@code -._~}) mean the same encoded or not; {@code /},
     * {@code \}, {@code ;} and {@code %} change how servers split or decode a path; controls never belong in one.
     */
    private static boolean mustNotBeEncoded(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
               || b == '-' || b == '.' || b == '_' || b == '~'
               || b == '/' || b == '\\' || b == ';' || b == '%'
               || b < 0x20 || b == 0x7f;
    }

    /** The most lenient reading of a path any server in front of or behind us might make. */
    static String lenient(String rawPath) {
        String path = withoutParameters(rawPath.replace('\\', '/'));
        path = withoutParameters(decode(path).replace('\\', '/'));
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments).toLowerCase(Locale.ROOT);
    }

    private static String withoutParameters(String path) {
        return path.replaceAll(";[^/]*", "");
    }

    /** Percent-decoding that never fails: a malformed escape stays as it is. */
    private static String decode(String path) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int decoded = c == '%' ? hexByte(path, i + 1) : -1;
            if (decoded >= 0) {
                bytes.write(decoded);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hexByte(String s, int at) {
        if (at + 2 > s.length()) {
            return -1;
        }
        int high = Character.digit(s.charAt(at), 16);
        int low = Character.digit(s.charAt(at + 1), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }
}
