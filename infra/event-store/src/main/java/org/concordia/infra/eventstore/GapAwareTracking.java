package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Tracking reads in position order. A position that is allocated but not yet visible (a commit in flight) holds back
 * later ones; one that stays missing longer than the gap timeout (a writer that crashed after allocating) is passed
 * and kept as a gap of the {@link GapAwareTrackingToken}, so it is still delivered if it appears, until it falls more
 * than {@code maxGapOffset} positions behind.
 */
final class GapAwareTracking {

    private static final Logger log = LoggerFactory.getLogger(GapAwareTracking.class);

    private final CommitCollection commits;
    private final Clock clock;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    /** When this node saw which positions allocated: the basis for deciding that a writer has crashed. */
    private final TreeMap<Instant, Long> allocationObservations = new TreeMap<>();

    GapAwareTracking(CommitCollection commits, Clock clock, Duration gapTimeout, int maxGapOffset) {
        this.commits = commits;
        this.clock = clock;
        this.gapTimeout = gapTimeout;
        this.maxGapOffset = maxGapOffset;
    }

    List<? extends TrackedEventData<?>> fetch(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken start = asGapAware(lastToken);
        long index = start == null ? 0 : start.getIndex();
        SortedSet<Long> gaps = start == null ? new TreeSet<>() : start.getGaps();

        List<Long> wanted = new ArrayList<>(gaps);
        long windowEnd = index + batchSize;
        for (long position = index + 1; position <= windowEnd; position++) {
            wanted.add(position);
        }
        TreeMap<Long, Document> found = commits.startingAt(wanted);

        Delivery delivery = new Delivery(start);
        // Late arrivals first: commits that were passed over as gaps and have now appeared.
        for (Long gap : gaps) {
            Document late = found.remove(gap);
            if (late != null) {
                log.warn("Commit at position {} became visible after the gap timeout; delivering it late", gap);
                delivery.add(late);
            }
        }
        long position = index + 1;
        long expiredUpTo = Long.MIN_VALUE;
        boolean headObserved = false;
        while (true) {
            if (position > windowEnd) {
                if (!delivery.isEmpty()) {
                    break; // a full batch: the next fetch goes on from here
                }
                // Nothing to deliver yet (void commits, or positions abandoned by a crashed writer): look further.
                windowEnd = position + batchSize - 1;
                found.putAll(commits.startingIn(position, windowEnd));
            }
            Document commit = found.get(position);
            if (commit != null) {
                delivery.add(commit);
                position = CommitDocument.lastPosition(commit) + 1;
                continue;
            }
            if (!headObserved) {
                // A hole: is the position allocated (a commit in flight or a crashed writer) or just not yet used?
                long head = commits.allocatedHead();
                expiredUpTo = observeAllocatedHead(head);
                headObserved = true;
                if (position > head) {
                    break;
                }
            }
            if (position > expiredUpTo) {
                break; // a commit in flight: wait for it, to deliver in position order
            }
            log.warn("Position {} was allocated over {} ago and never written; passing it", position, gapTimeout);
            position++; // the next delivered position moves the token past it and keeps it as a gap
        }
        return delivery.entries();
    }

    /**
     * Records that every position up to {@code head} is allocated now, and returns the highest position that has
     * been allocated for at least the gap timeout: a writer that has not made it visible by then is taken to have
     * crashed. Observations use this node's clock only, so clock skew between writers does not matter.
     */
    private long observeAllocatedHead(long head) {
        Instant now = clock.instant();
        synchronized (allocationObservations) {
            allocationObservations.merge(now, head, Math::max);
            Map.Entry<Instant, Long> oldEnough = allocationObservations.floorEntry(now.minus(gapTimeout));
            if (oldEnough == null) {
                return Long.MIN_VALUE;
            }
            allocationObservations.headMap(oldEnough.getKey(), false).clear();
            return oldEnough.getValue();
        }
    }

    private static GapAwareTrackingToken asGapAware(TrackingToken token) {
        if (token == null || token instanceof GapAwareTrackingToken) {
            return (GapAwareTrackingToken) token;
        }
        throw new IllegalArgumentException("Unsupported token type " + token.getClass().getName()
                                           + "; this engine tracks with GapAwareTrackingToken");
    }

    /** Builds the delivered batch, giving each event the token a processor stores after handling it. */
    private final class Delivery {
        private GapAwareTrackingToken token;
        private final List<TrackedEventData<?>> entries = new ArrayList<>();

        Delivery(GapAwareTrackingToken start) {
            this.token = start == null ? GapAwareTrackingToken.newInstance(0, List.of()) : start;
        }

        void add(Document commit) {
            long first = CommitDocument.firstPosition(commit);
            List<Document> events = CommitDocument.events(commit);
            long last = CommitDocument.lastPosition(commit);
            for (long position = first; position <= last; position++) {
                int offset = (int) (position - first);
                advance(position);
                if (offset < events.size()) {
                    entries.add(CommitDocument.trackedEntry(events.get(offset), token));
                }
            }
        }

        private void advance(long position) {
            if (position > token.getIndex() || token.getGaps().contains(position)) {
                token = token.advanceTo(position, maxGapOffset);
            }
        }

        boolean isEmpty() {
            return entries.isEmpty();
        }

        List<TrackedEventData<?>> entries() {
            return entries;
        }
    }
}
