package org.concordia.infra.mongo;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * How many documents one reply to {@code find} or {@code getMore} carries. MongoDB puts at most 16 MiB in a batch,
 * whatever batch size was asked; the stock embedded server puts in everything left when no batch size is asked (and
 * all that was asked otherwise), and the driver refuses a reply over 48 MB, so a large read failed. Here a batch
 * ends once it reaches 16 MiB; no document is larger than that, so a reply stays under 32 MiB.
 */
final class ReplyBatches {

    static final long BATCH_BYTES = 16L * 1024 * 1024;

    private ReplyBatches() {
    }

    /** How many of these documents, from the first, go in one batch of at most {@code batchSize} (0: no count). */
    static int fitting(List<Document> documents, int batchSize) {
        int most = batchSize > 0 ? Math.min(batchSize, documents.size()) : documents.size();
        if (most <= 2) {
            return most; // two documents of at most 16 MiB fit a reply: a key lookup is not measured
        }
        long bytes = 0;
        for (int i = 0; i < most; i++) {
            bytes += size(documents.get(i));
            if (bytes >= BATCH_BYTES) {
                return i + 1;
            }
        }
        return most;
    }

    /** The next batch from the cursor, of at most {@code batchSize} documents (0: no count). */
    static List<Document> take(Cursor cursor, int batchSize) {
        List<Document> batch = new ArrayList<>();
        long bytes = 0;
        while (!cursor.isEmpty() && (batchSize <= 0 || batch.size() < batchSize) && bytes < BATCH_BYTES) {
            List<Document> next = cursor.takeDocuments(1);
            if (next.isEmpty()) {
                break; // a cursor that is not empty yet has nothing now (a tailing one)
            }
            batch.addAll(next);
            bytes += size(next.get(0));
        }
        return batch;
    }

    private static long size(Document document) {
        byte[] bson = BsonDocumentType.encode(document);
        // a value BSON cannot express would fail the reply's own encoding; count it as a full batch
        return bson == null ? BATCH_BYTES : bson.length;
    }
}
