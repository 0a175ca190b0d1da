package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * How the embedded server stores a collection's documents in the MVStore file: as BSON, behind a marker byte.
 * The stock backend stores them with H2's {@link ObjectDataType}, i.e. Java serialisation with a fresh
 * {@code ObjectOutputStream} per document each time its page is written; that was about 40 % of the CPU time of a
 * read-model replay. Values written before (by the stock type) start with one of its type tags (0–119), never
 * with the marker, and are still read through it, so existing data files keep working; a value that BSON cannot
 * express is written the old way too.
 */
final class BsonDocumentType extends BasicDataType<Object> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    /** Not a tag of {@link ObjectDataType} (those are 0–119). */
    static final byte MARKER = (byte) 0xF0;

    private final ObjectDataType legacy = new ObjectDataType();
    /** Running estimate of a document's in-memory size, as the stock type keeps one (it sizes pages by it). */
    private volatile int averageMemory = 512;

    private BsonDocumentType() {
    }

    @Override
    public int getMemory(Object value) {
        if (value instanceof StoredDocument stored) {
            return stored.memory();
        }
        return value instanceof Document ? averageMemory : legacy.getMemory(value);
    }

    @Override
    public void write(WriteBuffer out, Object value) {
        byte[] bson = value instanceof StoredDocument stored ? stored.bson()
                      : value instanceof Document document ? encode(document) : null;
        if (bson != null) {
            out.put(MARKER).put(bson);
            averageMemory = (bson.length * 2 + 15 * averageMemory) / 16;
            return;
        }
        legacy.write(out, value instanceof StoredDocument stored ? stored.document() : value);
    }

    /** A {@link StoredDocument} for a value written as BSON, else what the stock type wrote (a plain document). */
    @Override
    public Object read(ByteBuffer in) {
        if (in.get(in.position()) != MARKER) {
            return legacy.read(in);
        }
        in.get();
        int length = Integer.reverseBytes(in.getInt(in.position())); // BSON's own length prefix, little-endian
        byte[] bson = new byte[length];
        in.get(bson);
        return StoredDocument.ofBson(bson);
    }

    /** A value as {@link #read} reads it, decoded. */
    static Object readDecoded(ByteBuffer in) {
        Object value = INSTANCE.read(in);
        return value instanceof StoredDocument stored ? stored.document() : value;
    }

    static Document decode(byte[] bson) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }

    /** Null when the document holds a value the wire encoder does not know (then it is stored the old way). */
    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(1024);
        try {
            BsonEncoder.encodeDocument(document, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } catch (RuntimeException unsupported) {
            return null;
        } finally {
            buffer.release();
        }
    }
}
