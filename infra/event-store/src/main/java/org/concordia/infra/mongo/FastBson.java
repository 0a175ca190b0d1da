package org.concordia.infra.mongo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BSON for the embedded store's pages, written straight into a byte array: the same bytes as the wire encoder
 * ({@code de.bwaldvogel.mongo.wire.bson.BsonEncoder}) produces, for the value types the store's documents and keys
 * are made of (documents, arrays, strings, 32- and 64-bit integers, doubles, booleans, dates, null). Every commit of
 * the store writes each changed page whole, i.e. encodes every document and key on it, not only the changed one; the
 * wire encoder goes through a Netty buffer that checks its reference count and bounds on every byte it writes, which
 * was the larger part of that work. A value of any other type makes {@link #encode} answer null, and the caller uses
 * the wire encoder for the whole document, so what is stored never depends on which path wrote it.
 */
final class FastBson {

    private static final String[] INDEX_NAMES = new String[1024];

    static {
        for (int i = 0; i < INDEX_NAMES.length; i++) {
            INDEX_NAMES[i] = String.valueOf(i);
        }
    }

    private byte[] bytes = new byte[512];
    private int size;

    private FastBson() {
    }

    /** The document's BSON, or null when it holds a value of a type this does not write. */
    static byte[] encode(Map<String, ?> document) {
        try {
            FastBson out = new FastBson();
            return out.document(document) ? out.result() : null;
        } catch (ClassCastException notAStringKey) {
            return null;
        }
    }

    /** The BSON of {@code {k: [values...]}}, as an index key is stored; null as for {@link #encode}. */
    static byte[] encodeKey(Iterable<?> values) {
        try {
            return key(values);
        } catch (ClassCastException notAStringKey) {
            return null;
        }
    }

    private static byte[] key(Iterable<?> values) {
        FastBson out = new FastBson();
        int start = out.begin();
        out.put((byte) 0x04);
        out.cString("k");
        int array = out.begin();
        int i = 0;
        for (Object value : values) {
            if (!out.element(indexName(i++), value)) {
                return null;
            }
        }
        out.end(array);
        out.end(start);
        return out.result();
    }

    private boolean document(Map<String, ?> document) {
        int start = begin();
        for (String key : document.keySet()) {
            if (!element(key, document.get(key))) {
                return false;
            }
        }
        end(start);
        return true;
    }

    private boolean array(List<?> list) {
        int start = begin();
        for (int i = 0; i < list.size(); i++) {
            if (!element(indexName(i), list.get(i))) {
                return false;
            }
        }
        end(start);
        return true;
    }

    private boolean element(String name, Object value) {
        if (name == null || name.indexOf('\0') >= 0) {
            return false;
        }
        if (value == null) {
            put((byte) 0x0A);
            cString(name);
        } else if (value instanceof String string) {
            put((byte) 0x02);
            cString(name);
            byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
            intLE(utf8.length + 1);
            put(utf8);
            put((byte) 0);
        } else if (value instanceof Map<?, ?> map) {
            put((byte) 0x03);
            cString(name);
            @SuppressWarnings("unchecked")
            Map<String, ?> document = (Map<String, ?>) map;
            return document(document);
        } else if (value instanceof List<?> list) {
            put((byte) 0x04);
            cString(name);
            return array(list);
        } else if (value instanceof Integer integer) {
            put((byte) 0x10);
            cString(name);
            intLE(integer);
        } else if (value instanceof Long number) {
            put((byte) 0x12);
            cString(name);
            longLE(number);
        } else if (value instanceof Double number) {
            put((byte) 0x01);
            cString(name);
            longLE(Double.doubleToRawLongBits(number));
        } else if (value instanceof Boolean bool) {
            put((byte) 0x08);
            cString(name);
            put((byte) (bool ? 1 : 0));
        } else if (value instanceof Instant instant) {
            put((byte) 0x09);
            cString(name);
            longLE(instant.toEpochMilli());
        } else {
            return false;
        }
        return true;
    }

    private static String indexName(int i) {
        return i < INDEX_NAMES.length ? INDEX_NAMES[i] : String.valueOf(i);
    }

    private int begin() {
        int start = size;
        intLE(0);
        return start;
    }

    private void end(int start) {
        put((byte) 0);
        int length = size - start;
        bytes[start] = (byte) length;
        bytes[start + 1] = (byte) (length >>> 8);
        bytes[start + 2] = (byte) (length >>> 16);
        bytes[start + 3] = (byte) (length >>> 24);
    }

    private void cString(String name) {
        put(name.getBytes(StandardCharsets.UTF_8));
        put((byte) 0);
    }

    private void intLE(int value) {
        ensure(4);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 24);
    }

    private void longLE(long value) {
        intLE((int) value);
        intLE((int) (value >>> 32));
    }

    private void put(byte value) {
        ensure(1);
        bytes[size++] = value;
    }

    private void put(byte[] values) {
        ensure(values.length);
        System.arraycopy(values, 0, bytes, size, values.length);
        size += values.length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private byte[] result() {
        return Arrays.copyOf(bytes, size);
    }
}
