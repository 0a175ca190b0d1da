package org.concordia.infra.audit;

import org.concordia.audit.verifier.CanonicalEvent;
import org.concordia.infra.eventstore.CommitLog;
import org.concordia.infra.eventstore.CommitLog.StoredCommit;
import org.concordia.infra.eventstore.CommitLog.StoredEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;

/**
 * The events exactly as the event store holds them, read from its {@link CommitLog} (no deserialisation, no
 * upcasting: the hash covers what is stored), found by position lookups only.
 */
final class StoredEvents {

    private static final int WINDOW = 512;

    private final CommitLog commits;

    StoredEvents(CommitLog commits) {
        this.commits = commits;
    }

    /** Commits whose first position lies in {@code [from, to]}, by first position. */
    NavigableMap<Long, StoredCommit> commitsStartingIn(long from, long to) {
        return commits.commitsStartingIn(from, to);
    }

    /** The highest position the store has allocated. */
    long headPosition() {
        return commits.headPosition();
    }

    /** A commit's events as canonical events, at positions first, first + 1, …; none for a void commit. */
    static List<CanonicalEvent> eventsOf(StoredCommit commit) {
        if (commit.isVoid()) {
            return List.of();
        }
        List<CanonicalEvent> canonical = new ArrayList<>(commit.events().size());
        for (StoredEvent event : commit.events()) {
            canonical.add(new CanonicalEvent(event.position(), event.eventId(), event.aggregateType(),
                                             event.aggregateId(), event.sequence(), event.payloadType(),
                                             event.payloadRevision(), event.timestamp(), event.payload(),
                                             event.metaData()));
        }
        return canonical;
    }

    /**
     * Every stored event in commit order, reading windows of positions up to at least {@code atLeastUpTo} and on
     * while windows still hold commits.
     */
    Iterator<CanonicalEvent> all(long atLeastUpTo) {
        return new Iterator<>() {
            private long nextWindow = 1;
            private Iterator<CanonicalEvent> current = Collections.emptyIterator();
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !exhausted) {
                    NavigableMap<Long, StoredCommit> window = commitsStartingIn(nextWindow, nextWindow + WINDOW - 1);
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
