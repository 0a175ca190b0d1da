package org.concordia.infra.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.List;

/**
 * The commit documents as stored, for tests (also of other modules) that read them raw or tamper with them the way
 * someone with write access to the database would. The layout stays the event store's: the collection name and the
 * field names come from here, so no test outside the event store spells them.
 */
public final class RawCommits {

    /** The commit's last position (its first is its {@code _id}). */
    public static final String LAST = CommitDocument.LAST;
    public static final String EVENTS = CommitDocument.EVENTS;
    public static final String VOID = CommitDocument.VOID;
    public static final String EVENT_ID = CommitDocument.EVENT_ID;
    public static final String TIMESTAMP = CommitDocument.TIMESTAMP;
    public static final String SEQUENCE = CommitDocument.SEQUENCE;
    public static final String PAYLOAD = CommitDocument.PAYLOAD;
    public static final String PAYLOAD_TYPE = CommitDocument.PAYLOAD_TYPE;
    public static final String PAYLOAD_REVISION = CommitDocument.PAYLOAD_REVISION;

    private RawCommits() {
    }

    /** The commits of an engine built without a collection prefix (the application's). */
    public static MongoCollection<Document> in(MongoDatabase database) {
        return in(database, "");
    }

    /** The commits of an engine built with {@code collectionPrefix}. */
    public static MongoCollection<Document> in(MongoDatabase database, String collectionPrefix) {
        return database.getCollection(collectionPrefix + CommitCollection.COMMITS);
    }

    /** A commit's first position. */
    public static long position(Document commit) {
        return commit.get("_id", Number.class).longValue();
    }

    /** A commit's events, as stored (a void commit has none). */
    public static List<Document> events(Document commit) {
        return commit.getList(EVENTS, Document.class, List.of());
    }
}
