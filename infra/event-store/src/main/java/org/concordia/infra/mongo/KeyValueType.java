package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded server's unique-index maps ({@code _id} and others). The stock backend leaves them
 * to H2's {@link ObjectDataType}, which compares keys that are not {@link Comparable} — the backend's
 * {@link KeyValue} is not — by Java-serialising both on every comparison of every B-tree search: more than half of
 * the CPU time of a read-model replay. This type compares them value by value in MongoDB's order
 * ({@link ValueComparator}) and stores them as BSON behind {@link BsonDocumentType#MARKER}. Its order differs from
 * the stock one, so an index map written by the stock type is rebuilt once when it is opened
 * ({@link EmbeddedMongoServer}).
 */
final class KeyValueType extends BasicDataType<Object> {

    static final KeyValueType INSTANCE = new KeyValueType();

    private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
    private final ObjectDataType legacy = new ObjectDataType();

    private KeyValueType() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            int common = Math.min(x.size(), y.size());
            for (int i = 0; i < common; i++) {
                int c = VALUES.compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        return legacy.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        return key instanceof KeyValue ? 96 : legacy.getMemory(key);
    }

    @Override
    public void write(WriteBuffer out, Object key) {
        if (key instanceof KeyValue values) {
            List<Object> list = new ArrayList<>(values.size());
            values.forEach(list::add);
            // not through BsonDocumentType.write: its running size estimate is for documents, not keys
            byte[] bson = BsonDocumentType.encode(new Document("k", list));
            if (bson != null) {
                out.put(BsonDocumentType.MARKER).put(bson);
                return;
            }
        }
        legacy.write(out, key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object read(ByteBuffer in) {
        if (in.get(in.position()) != BsonDocumentType.MARKER) {
            return legacy.read(in);
        }
        Document document = (Document) BsonDocumentType.readDecoded(in);
        return new KeyValue((List<Object>) document.get("k"));
    }

    @Override
    public Object[] createStorage(int size) {
        return new Object[size];
    }
}
