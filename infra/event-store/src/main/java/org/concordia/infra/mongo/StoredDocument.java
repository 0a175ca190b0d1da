package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.bson.Document;

/**
 * A collection's document as the store holds it: its BSON, encoded once, and its decoded form, made when first asked
 * for. A stored value is never changed ({@link BsonH2Collection} stores a new one for every change), so the two always
 * agree. Why both: MVStore writes a page whole, every value in it, each time one of them changes, and reads a page
 * whole; keeping the bytes spares encoding the neighbours of a changed document again, and decoding lazily spares
 * decoding the neighbours of the one a key lookup wants.
 */
final class StoredDocument {

    /** Null only when BSON cannot express the document (then it is stored the old way). */
    private final byte[] bson;
    /** Null until first asked for. */
    private volatile Document document;

    private StoredDocument(byte[] bson, Document document) {
        this.bson = bson;
        this.document = document;
    }

    /** Encodes it now: the page that will hold it is sized by its bytes, and written from them. */
    static StoredDocument of(Document document) {
        return new StoredDocument(BsonDocumentType.encode(document), document);
    }

    static StoredDocument ofBson(byte[] bson) {
        return new StoredDocument(bson, null);
    }

    /**
     * The decoded document. Two readers may decode it at once and get equal copies; the collection's updates change
     * the object they were given and then store it anew, never through this holder.
     */
    Document document() {
        Document decoded = document;
        if (decoded == null) {
            decoded = BsonDocumentType.decode(bson);
            document = decoded;
        }
        return decoded;
    }

    /** The BSON; null when BSON cannot express the document. */
    byte[] bson() {
        return bson;
    }

    /**
     * The page's size estimate for it, twice its BSON (what the stock estimate of a decoded document came to; the
     * pages' sizes, and so where they split, stay as they were). Fixed for the holder's life: MVStore keeps a page's
     * size as a running sum of its values'.
     */
    int memory() {
        return bson == null ? 512 : 24 + 2 * bson.length;
    }

    @Override
    public String toString() {
        return document().toString();
    }
}
