package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's own BSON writer against the wire encoder it stands in for: byte for byte, or it steps aside. */
class FastBsonTest {

    @Test
    void writesTheSameBytesAsTheWireEncoderForTheStoresValueTypes() {
        Document document = new Document("_id", 42L)
                .append("streams", List.of("issue-1#0", "issue-1#1"))
                .append("int", Integer.MIN_VALUE).append("long", Long.MAX_VALUE).append("double", -0.0)
                .append("nan", Double.NaN).append("true", true).append("false", false).append("null", null)
                .append("at", Instant.parse("2026-12-06T23:59:59.123456Z"))
                .append("before1970", Instant.parse("1969-07-20T20:17:40Z"))
                .append("text", "Zürich — 東京 🚀 \u0000 inside a value")
                .append("empty", "").append("emptyDoc", new Document()).append("emptyList", List.of())
                .append("nested", new Document("a", new Document("b", List.of(1, List.of(2L, "x"), new Document()))));

        assertThat(FastBson.encode(document)).isEqualTo(BsonDocumentType.wireEncode(document));
    }

    @Test
    void writesTheSameBytesForManyGeneratedDocuments() {
        Random random = new Random(12);
        for (int i = 0; i < 2_000; i++) {
            Document document = randomDocument(random, 0);
            assertThat(FastBson.encode(document)).as("document %d: %s", i, document)
                                                 .isEqualTo(BsonDocumentType.wireEncode(document));
        }
    }

    @Test
    void aDocumentWithAnyOtherValueTypeIsLeftToTheWireEncoder() {
        for (Object other : List.of(new ObjectId(), UUID.randomUUID(), new BinData(new byte[]{1, 2, 3}),
                                    Set.of("a"), new int[]{1}, (short) 3, 1.5f)) {
            Document document = new Document("_id", "x").append("deep", new Document("value", other));
            assertThat(FastBson.encode(document)).as("%s", other.getClass()).isNull();
            assertThat(BsonDocumentType.encode(document)).isEqualTo(BsonDocumentType.wireEncode(document));
        }
        assertThat(FastBson.encode(new Document("a\u0000b", 1))).isNull();
    }

    @Test
    void aStoredDocumentReadsBackEqual() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            Document document = randomDocument(random, 0);
            WriteBuffer out = new WriteBuffer();
            BsonDocumentType.INSTANCE.write(out, document);
            ByteBuffer in = out.getBuffer();
            in.flip();
            assertThat(BsonDocumentType.INSTANCE.read(in)).isEqualTo(document);
            assertThat(in.remaining()).isZero();
        }
    }

    @Test
    void writesIndexKeysAsTheyWereWrittenBefore() {
        for (KeyValue key : List.of(new KeyValue("issue-7#12"), new KeyValue(1L), new KeyValue(3, "a", "b"),
                                    new KeyValue(Instant.ofEpochMilli(5), true, 2.5))) {
            List<Object> values = new ArrayList<>();
            key.forEach(values::add);
            byte[] before = BsonDocumentType.wireEncode(new Document("k", values));

            assertThat(FastBson.encodeKey(key)).isEqualTo(before);
            WriteBuffer out = new WriteBuffer();
            KeyValueType.INSTANCE.write(out, key);
            ByteBuffer in = out.getBuffer();
            in.flip();
            assertThat(KeyValueType.INSTANCE.read(in)).isEqualTo(key);
        }
        assertThat(FastBson.encodeKey(List.of(new ObjectId()))).isNull();
    }

    private static Document randomDocument(Random random, int depth) {
        Document document = new Document();
        int fields = random.nextInt(depth == 0 ? 12 : 5);
        for (int i = 0; i < fields; i++) {
            document.append("f" + i + randomString(random, 3), randomValue(random, depth));
        }
        return document;
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 11 : 9);
        return switch (kind) {
            case 0 -> null;
            case 1 -> randomString(random, random.nextInt(300));
            case 2 -> random.nextInt();
            case 3 -> random.nextLong();
            case 4 -> random.nextDouble() * 1e6 - 5e5;
            case 5 -> random.nextBoolean();
            case 6 -> Instant.ofEpochMilli(random.nextLong() % 4_000_000_000_000L);
            case 7 -> random.nextInt(100);
            case 8 -> "";
            case 9 -> randomDocument(random, depth + 1);
            default -> {
                List<Object> list = new ArrayList<>();
                int size = random.nextInt(80);
                for (int i = 0; i < size; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomString(Random random, int length) {
        char[] chars = new char[length];
        String alphabet = "abcXYZ019 -_#é€東\u00ff";
        for (int i = 0; i < length; i++) {
            chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(chars) + (random.nextInt(10) == 0 ? "\uD83D\uDE80" : "");
    }

    @SuppressWarnings("unused")
    private static String hex(byte[] bytes) {
        return Arrays.toString(bytes);
    }
}
