package org.concordia.infra.deadline;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.concordia.infra.deadline.DeadlineStore.STATUS_FAILED;
import static org.concordia.infra.deadline.DeadlineStore.STATUS_RUNNING;

/**
 * One polling round after another: walks the buckets from the cursor to the current one, claims every due deadline
 * no live node holds, has it run, and moves the cursor past buckets that are drained and can receive no more items.
 */
final class DeadlinePoller {

    private static final Logger logger = LoggerFactory.getLogger(DeadlinePoller.class);
    private static final int SKIP_THRESHOLD = 64;

    private final DeadlineStore store;
    private final DeadlineExecutor executor;
    private final Clock clock;
    private final Duration skewTolerance;
    private final Duration resyncInterval;
    private final BooleanSupplier stopping;
    private Instant nextResync = Instant.MIN;

    DeadlinePoller(DeadlineStore store, DeadlineExecutor executor, Clock clock, Duration skewTolerance,
                   Duration resyncInterval, BooleanSupplier stopping) {
        this.store = store;
        this.executor = executor;
        this.clock = clock;
        this.skewTolerance = skewTolerance;
        this.resyncInterval = resyncInterval;
        this.stopping = stopping;
    }

    private enum Outcome {
        /** Still has to happen (not due, or claimed by a live node): keeps the bucket open. */
        PENDING,
        /** Nothing left to do for this item. */
        DONE,
        /** Executed by this node (successfully or not); nothing left to do for this item. */
        EXECUTED
    }

    /**
     * One polling round: walk the buckets from the cursor to now, fire every due deadline this node can claim, and
     * advance the cursor past buckets that are drained. Returns the number of deadlines this node executed.
     */
    synchronized int pollOnce() {
        Instant now = clock.instant();
        if (!now.isBefore(nextResync)) {
            resyncCursor(now);
            nextResync = now.plus(resyncInterval);
        }
        long currentBucket = store.bucketOf(now.toEpochMilli());
        // Buckets older than this can no longer receive new items (schedulers clamp to their own "now").
        long settledBefore = store.bucketOf(now.minus(skewTolerance).toEpochMilli());
        Long stored = store.cursor();
        long cursor = stored == null ? resyncCursor(now) : stored;
        long newCursor = cursor;
        boolean advancing = true;
        int executed = 0;
        Map<String, Long> cancelSeqs = new HashMap<>();
        for (long bucket = cursor; bucket <= currentBucket && !stopping.getAsBoolean(); bucket++) {
            Document doc = store.bucket(bucket);
            int remaining = 0;
            if (doc != null) {
                List<Document> items = new ArrayList<>(doc.getList("items", Document.class, Collections.emptyList()));
                Collections.shuffle(items); // spread the work of nodes polling the same bucket
                for (Document item : items) {
                    if (stopping.getAsBoolean()) {
                        remaining++;
                        continue;
                    }
                    Outcome outcome = processItem(bucket, item, now, cancelSeqs);
                    if (outcome == Outcome.PENDING) {
                        remaining++;
                    } else if (outcome == Outcome.EXECUTED) {
                        executed++;
                    }
                }
                if (remaining == 0 && bucket < settledBefore) {
                    store.deleteIfDrained(bucket);
                }
            }
            if (advancing && remaining == 0 && bucket < settledBefore && !stopping.getAsBoolean()) {
                newCursor = bucket + 1;
            } else {
                advancing = false;
            }
            if (doc == null && settledBefore - bucket > SKIP_THRESHOLD) {
                // A long run of settled buckets (after downtime): jump to the next existing one instead of looking
                // each up. A range query: an index seek on MongoDB, a scan of the buckets on the embedded server.
                Document next = store.bucketAfter(bucket);
                long target = next == null
                        ? settledBefore
                        : Math.min(((Number) next.get("_id")).longValue(), settledBefore);
                if (target > bucket + 1) {
                    if (advancing) {
                        newCursor = target;
                    }
                    bucket = target - 1;
                }
            }
        }
        if (newCursor > cursor) {
            store.advanceCursor(newCursor, now);
        }
        return executed;
    }

    /**
     * Sets the cursor to the earliest bucket that still exists (or, without buckets, to the oldest bucket that can
     * still receive items). Runs at start and every {@code resyncInterval}: it repairs a cursor that moved past an
     * item written late by a stalled scheduler. On real MongoDB this is an {@code _id} index lookup; the embedded
     * server scans the (small) buckets collection.
     */
    private long resyncCursor(Instant now) {
        Document first = store.firstBucket();
        long settled = store.bucketOf(now.minus(skewTolerance).toEpochMilli());
        long cursor = first != null ? Math.min(((Number) first.get("_id")).longValue(), settled) : settled;
        store.setCursor(cursor, now);
        return cursor;
    }

    private Outcome processItem(long bucket, Document item, Instant now, Map<String, Long> cancelSeqs) {
        String id = item.getString("id");
        long due = item.get("due", Number.class).longValue();
        if (due > now.toEpochMilli()) {
            return Outcome.PENDING;
        }
        Document entry = store.entry(id);
        if (entry == null) {
            // Cancelled or completed; or, within the skew tolerance, a schedule whose entry is still being written.
            if (due < now.minus(skewTolerance).toEpochMilli()) {
                store.pullBucketItem(bucket, item);
                return Outcome.DONE;
            }
            return Outcome.PENDING;
        }
        String status = entry.getString("status");
        if (STATUS_FAILED.equals(status) || entry.get("due", Number.class).longValue() != due) {
            store.pullBucketItem(bucket, item); // stale item: the entry failed for good or moved to a retry bucket
            return Outcome.DONE;
        }
        long version = entry.get("version", Number.class).longValue();
        String name = entry.getString("name");
        long cancelSeq = cancelSeqs.computeIfAbsent(name, store::cancelSeq);
        if (entry.get("nameSeq", Number.class).longValue() < cancelSeq) {
            store.remove(id, version, entry.getString("scopeKey"), bucket, item);
            logger.debug("Dropped deadline [{}] with id [{}]: cancelled by cancelAll", name, id);
            return Outcome.DONE;
        }
        if (STATUS_RUNNING.equals(status)) {
            if (store.isClaimed(entry)) {
                return Outcome.PENDING; // a live node is executing it
            }
            logger.warn("Taking over deadline [{}] with id [{}] claimed by [{}] at [{}]: lease expired",
                        name, id, entry.getString("owner"), entry.getDate("claimedAt"));
        }
        Optional<Document> claimed = store.claim(id, version);
        if (claimed.isEmpty()) {
            return Outcome.PENDING; // another node got it first (or it was cancelled): look again next round
        }
        executor.execute(bucket, item, claimed.get());
        return Outcome.EXECUTED;
    }
}
