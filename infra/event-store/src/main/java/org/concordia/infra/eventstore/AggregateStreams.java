package org.concordia.infra.eventstore;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** An aggregate's events, read by stream key ({@code aggregateId#sequence}) lookups only. */
final class AggregateStreams {

    private static final int FIRST_BATCH = 128;
    /**
     * A read after a known version (a remembered membership brought up to date on every request, a snapshot's tail)
     * usually finds nothing or a few events: it starts with a few keys, not 128 lookups that find nothing.
     */
    static final int FIRST_TAIL_BATCH = 4;
    private static final int MAX_BATCH = 1024;

    private final CommitCollection commits;

    AggregateStreams(CommitCollection commits) {
        this.commits = commits;
    }

    /**
     * Reads the aggregate's events in doubling batches of stream-key lookups until the run ends: from the start in
     * batches of {@value #FIRST_BATCH} keys, after a known version from {@value #FIRST_TAIL_BATCH}.
     */
    Stream<? extends DomainEventData<?>> read(String aggregateIdentifier, long firstSequenceNumber) {
        return StreamSupport.stream(new Batches(aggregateIdentifier, firstSequenceNumber), false);
    }

    /**
     * The contiguous run of the aggregate's events from {@code firstSequenceNumber}, looking up {@code batchSize}
     * stream keys at once; it may return more than {@code batchSize} events when a commit carries more.
     */
    List<GenericDomainEventEntry<String>> batch(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        List<String> keys = new ArrayList<>(batchSize);
        for (long seq = firstSequenceNumber; seq < firstSequenceNumber + batchSize; seq++) {
            keys.add(CommitDocument.streamKey(aggregateIdentifier, seq));
        }
        TreeMap<Long, GenericDomainEventEntry<String>> bySequence = new TreeMap<>();
        for (Document commit : commits.withStreamKeys(keys)) {
            for (GenericDomainEventEntry<String> entry : CommitDocument.domainEntriesOf(commit, aggregateIdentifier)) {
                if (entry.getSequenceNumber() >= firstSequenceNumber) {
                    bySequence.put(entry.getSequenceNumber(), entry);
                }
            }
        }
        List<GenericDomainEventEntry<String>> run = new ArrayList<>(bySequence.size());
        long expected = firstSequenceNumber;
        for (GenericDomainEventEntry<String> entry : bySequence.values()) {
            if (entry.getSequenceNumber() != expected) {
                break;
            }
            run.add(entry);
            expected++;
        }
        return run;
    }

    /** Gallops to a missing sequence number, then bisects: O(log n) key lookups. */
    Optional<Long> lastSequenceNumber(String aggregateIdentifier) {
        if (!exists(aggregateIdentifier, 0)) {
            return Optional.empty();
        }
        long present = 0;
        long probe = 1;
        while (exists(aggregateIdentifier, probe)) {
            present = probe;
            probe = probe * 2 + 1;
        }
        long absent = probe;
        while (absent - present > 1) {
            long mid = present + (absent - present) / 2;
            if (exists(aggregateIdentifier, mid)) {
                present = mid;
            } else {
                absent = mid;
            }
        }
        return Optional.of(present);
    }

    private boolean exists(String aggregateIdentifier, long sequence) {
        return commits.hasStreamKey(CommitDocument.streamKey(aggregateIdentifier, sequence));
    }

    private final class Batches extends Spliterators.AbstractSpliterator<DomainEventData<?>> {
        private final String aggregateIdentifier;
        private long nextSequence;
        private int batch;
        private Iterator<GenericDomainEventEntry<String>> current = Collections.emptyIterator();
        private boolean exhausted;

        Batches(String aggregateIdentifier, long firstSequenceNumber) {
            super(Long.MAX_VALUE, ORDERED | NONNULL);
            this.aggregateIdentifier = aggregateIdentifier;
            this.nextSequence = firstSequenceNumber;
            this.batch = firstSequenceNumber == 0 ? FIRST_BATCH : FIRST_TAIL_BATCH;
        }

        @Override
        public boolean tryAdvance(Consumer<? super DomainEventData<?>> action) {
            if (!current.hasNext()) {
                if (exhausted) {
                    return false;
                }
                List<GenericDomainEventEntry<String>> run = batch(aggregateIdentifier, nextSequence, batch);
                exhausted = run.size() < batch;
                if (!run.isEmpty()) {
                    nextSequence = run.get(run.size() - 1).getSequenceNumber() + 1;
                }
                batch = Math.min(batch * 2, MAX_BATCH);
                current = run.iterator();
                if (!current.hasNext()) {
                    return false;
                }
            }
            action.accept(current.next());
            return true;
        }
    }
}
