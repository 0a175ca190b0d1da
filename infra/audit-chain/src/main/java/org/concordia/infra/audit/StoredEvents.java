package org.concordia.infra.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.infra.eventstore.CommitDocument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import static com.mongodb.client.model.Filters.in;

/**
 * The events exactly as the event store holds them, read straight from its commit documents (no deserialisation,
 * no upcasting: the hash covers what is stored), found by {@code _id} lookups only.
 */
public final class StoredEvents {

    static final String COMMITS = "event_commits";
    private static final int WINDOW = 512;

    private final MongoCollection<Document> commits;

    public StoredEvents(MongoDatabase database) {
        this.commits = database.getCollection(COMMITS);
    }

    /** Commits whose first position lies in {@code [from, to]}, by first position. */
    TreeMap<Long, Document> commitsStartingIn(long from, long to) {
        List<Long> ids = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long id = from; id <= to; id++) {
            ids.add(id);
        }
        TreeMap<Long, Document> found = new TreeMap<>();
        commits.find(in("_id", ids)).forEach(c -> found.put(CommitDocument.firstPosition(c), c));
        return found;
    }

    /** A commit's events as canonical events, at positions first, first + 1, …; none for a void commit. */
    static List<CanonicalEvent> eventsOf(Document commit) {
        if (CommitDocument.isVoid(commit)) {
            return List.of();
        }
        long first = CommitDocument.firstPosition(commit);
        List<Document> events = CommitDocument.events(commit);
        List<CanonicalEvent> canonical = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            canonical.add(canonical(events.get(i), first + i));
        }
        return canonical;
    }

    /** Field names as {@link CommitDocument} writes them. */
    static CanonicalEvent canonical(Document event, long position) {
        Number sequence = event.get("sequence", Number.class);
        return new CanonicalEvent(position, event.getString("eventId"), event.getString("aggregateType"),
                                  event.getString("aggregateId"), sequence == null ? 0 : sequence.longValue(),
                                  event.getString("payloadType"), event.getString("payloadRevision"),
                                  event.getString("timestamp"), event.getString("payload"),
                                  event.getString("metaData"));
    }

    /**
     * Every stored event in commit order, reading windows of positions up to at least {@code atLeastUpTo} and on
     * while windows still hold commits.
     */
    public Iterator<CanonicalEvent> all(long atLeastUpTo) {
        return new Iterator<>() {
            private long nextWindow = 1;
            private Iterator<CanonicalEvent> current = Collections.emptyIterator();
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !exhausted) {
                    TreeMap<Long, Document> window = commitsStartingIn(nextWindow, nextWindow + WINDOW - 1);
                    nextWindow += WINDOW;
                    if (window.isEmpty() && nextWindow > atLeastUpTo) {
                        exhausted = true;
                    }
                    List<CanonicalEvent> events = new ArrayList<>();
                    window.values().forEach(c -> events.addAll(eventsOf(c)));
                    current = events.iterator();
                }
                return current.hasNext();
            }

            @Override
            public CanonicalEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
