package org.concordia.query.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of one collaboration's as-of log (see {@link OpenConflictReportProjection}): the issue events that
 * changed its counters (an event that changes nothing, such as most comments, is not logged) are numbered 0, 1, 2, …
 * in global position order and kept, with the change each made to the
 * counters, in chunks of {@link #CHUNK} ({@code report_asof_chunks}, {@code _id "<cid>|<chunk>"}); at some chunk
 * boundaries {@code k} the counters after chunks {@code 0..k-1} are kept as a snapshot
 * ({@code report_asof_snapshots}, {@code _id "<cid>|<k>"}). For every chunk this index holds the least and the
 * greatest event timestamp in it (epoch milliseconds, rounded outwards), so that the chunks an instant needs are
 * found without reading any other.
 * <p>
 * When a snapshot is taken: at the end of a chunk, once the changes logged since the last snapshot are at least as
 * large (as JSON) as that snapshot was. An as-of read then parses at most about twice a snapshot's size (a
 * snapshot, and changes no larger than one), and the snapshots take no more room than the log itself — whatever
 * the size of the counters (a few kB on small data, megabytes with tens of thousands of SLA breaches open).
 */
public final class AsOfLog {

    /** Events per chunk of the log. */
    public static final int CHUNK = 100;

    /** Issue events logged so far. */
    public long folded;
    /** Per chunk: the earliest event timestamp in it, epoch milliseconds rounded down. */
    public List<Long> minAt = new ArrayList<>();
    /** Per chunk: the latest event timestamp in it, epoch milliseconds rounded up. */
    public List<Long> maxAt = new ArrayList<>();
    /** The chunk boundaries {@code k} (ascending) that have a snapshot: the counters after chunks {@code 0..k-1}. */
    public List<Integer> snapshots = new ArrayList<>();
    /** JSON characters of the changes logged since the last snapshot. */
    public long loggedSinceSnapshot;
    /** JSON characters of the last snapshot (0: none yet). */
    public long lastSnapshotSize;

    /** The chunk the next event goes to. */
    int chunkOfNext() {
        return (int) (folded / CHUNK);
    }

    /** Notes an event logged into {@link #chunkOfNext()}; true if it completed its chunk. */
    boolean logged(Instant at, long size) {
        int chunk = chunkOfNext();
        long floor = at.toEpochMilli(); // rounds down: the nanoseconds of an Instant are never negative
        long ceil = at.getNano() % 1_000_000 == 0 ? floor : floor + 1;
        if (chunk == minAt.size()) {
            minAt.add(floor);
            maxAt.add(ceil);
        } else {
            minAt.set(chunk, Math.min(minAt.get(chunk), floor));
            maxAt.set(chunk, Math.max(maxAt.get(chunk), ceil));
        }
        folded++;
        loggedSinceSnapshot += size;
        return folded % CHUNK == 0;
    }

    /** Whether the chunk just completed should end with a snapshot. */
    boolean snapshotDue() {
        return loggedSinceSnapshot >= lastSnapshotSize;
    }

    void snapshotTaken(long size) {
        snapshots.add((int) (folded / CHUNK));
        loggedSinceSnapshot = 0;
        lastSnapshotSize = size;
    }

    /**
     * What an as-of read of {@code instant} needs: start from snapshot {@code from} (0: from empty counters) and
     * read chunks {@code from..to} (none if {@code to < from}).
     * <p>
     * The rule, and why it gives what folding every event with a timestamp at or before the instant gives:
     * timestamps are close to, but not strictly, in position order. A snapshot {@code k} may start the read only if
     * every event before it is at or before the instant (the greatest timestamp of chunks {@code 0..k-1} is): then
     * all of them are folded in both. After it, every chunk holding an event at or before the instant is read: the
     * last such chunk is {@code to}; chunks after it hold only later events. The chunks in between are read whole
     * (even those holding only later events), so that the caller sees every event it leaves out.
     */
    public Range range(Instant instant) {
        int from = 0;
        long greatest = Long.MIN_VALUE;
        java.util.Set<Integer> snapshotAt = new java.util.HashSet<>(snapshots);
        for (int chunk = 0; chunk < maxAt.size(); chunk++) {
            greatest = Math.max(greatest, maxAt.get(chunk));
            if (Instant.ofEpochMilli(greatest).isAfter(instant)) {
                break;
            }
            if (snapshotAt.contains(chunk + 1)) {
                from = chunk + 1;
            }
        }
        int to = from - 1;
        for (int chunk = minAt.size() - 1; chunk >= from; chunk--) {
            if (!Instant.ofEpochMilli(minAt.get(chunk)).isAfter(instant)) {
                to = chunk;
                break;
            }
        }
        return new Range(from, to);
    }

    /** Start from snapshot {@code from} (0: empty counters), then fold chunks {@code from..to}. */
    public record Range(int from, int to) {
    }
}
