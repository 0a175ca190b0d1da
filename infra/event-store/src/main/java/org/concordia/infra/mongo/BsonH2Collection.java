package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The stock H2 collection, its document map holding {@link StoredDocument}s (BSON kept, decoded on demand) instead of
 * documents; every method of the stock class that touches the map is overridden here, the rest is the stock
 * behaviour. It does not keep the stock running data size (two BSON encodings and a meta-map write per write, for a
 * figure only {@code collStats} reports, which nothing here asks for): {@code collStats} reports the size as of the
 * first write of this version.
 */
final class BsonH2Collection extends H2Collection {

    private final MVMap<Object, Object> documents;
    private final LongConsumer cursorOpened;

    @SuppressWarnings({"unchecked", "rawtypes"})
    BsonH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                     MVMap<Object, Object> documents, MVMap<String, Object> meta, CursorRegistry cursorRegistry,
                     LongConsumer cursorOpened) {
        super(database, collectionName, options, (MVMap) documents, meta, cursorRegistry);
        this.documents = documents;
        this.cursorOpened = cursorOpened;
    }

    /** The first batch of a query ends at 16 MiB ({@link ReplyBatches}); the rest waits in a cursor. */
    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        int first = ReplyBatches.fitting(matchedDocuments, batchSize);
        if (first == matchedDocuments.size()) {
            return new QueryResult(matchedDocuments);
        }
        return new QueryResult(matchedDocuments.subList(0, first),
                createCursor(matchedDocuments.subList(first, matchedDocuments.size())));
    }

    /** Every cursor a query leaves open is closed if its client stops asking for more ({@link IdleCursors}). */
    @Override
    protected Cursor createCursor(List<Document> remainingDocuments) {
        Cursor cursor = super.createCursor(remainingDocuments);
        cursorOpened.accept(cursor.getId());
        return cursor;
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        // as the stock class: a collection without an id field (system collections) keys by a random id
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        Object previous = documents.put(Missing.ofNullable(key), StoredDocument.of(document));
        if (previous != null) {
            throw new IllegalStateException("Document with key '" + key + "' already existed in " + this);
        }
        return key;
    }

    /**
     * The stored object itself: an update changes it in place and then hands it to {@link #handleUpdate}, which
     * stores it in a new holder, so the holder it came from (no longer in the map) never writes stale bytes.
     */
    @Override
    protected Document getDocument(Object position) {
        Object stored = documents.get(position);
        return stored == null ? null : unwrap(stored);
    }

    @Override
    protected void removeDocument(Object position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("No document with key " + position);
        }
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream()
                        .map(entry -> new DocumentWithPosition<>(unwrap(entry.getValue()), entry.getKey()));
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Stream<Document> stream;
        if (isNaturalDescending(orderBy)) {
            stream = streamAllDocumentsWithPosition()
                    .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            stream = documents.values().stream().map(BsonH2Collection::unwrap);
        }
        return matchDocumentsFromStream(stream, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        documents.put(Missing.ofNullable(position), StoredDocument.of(newDocument));
    }

    /** A value of a file written before documents were held this way is a plain document. */
    private static Document unwrap(Object stored) {
        return stored instanceof StoredDocument held ? held.document() : (Document) stored;
    }
}
