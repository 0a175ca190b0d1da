package org.concordia.infra.mongo;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * What the embedded store does between write commands, once per flush interval, holding the writers' lock: commit
 * what unjournaled writes left and rewrite the live pages of mostly-dead chunks so their space is reused; then fsync
 * without the lock. Why chunks are never moved while serving, only at start ({@link #compactAtStart}):
 * docs/event-store.md, "Maintenance between writes".
 */
final class StoreMaintenance {

    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
    static final int TARGET_FILL_RATE = 60;
    static final int REWRITE_BYTES = 1 << 20;

    private final MVStore store;
    private final Lock writers;
    private final Runnable commit;
    final AtomicLong longestPauseNanos = new AtomicLong();
    final AtomicLong compactions = new AtomicLong();
    private volatile boolean unsynced;

    /** @param commit commits the store and counts the commit */
    StoreMaintenance(MVStore store, Lock writers, Runnable commit) {
        this.store = store;
        this.writers = writers;
        this.commit = commit;
    }

    /** Called after each commit: the next run fsyncs the file. */
    void committed() {
        unsynced = true;
    }

    void run() {
        try {
            if (store.isClosed()) {
                return;
            }
            writers.lock();
            long started = System.nanoTime();
            try {
                if (store.hasUnsavedChanges()) {
                    commit.run();
                }
                compact(REWRITE_BYTES);
            } finally {
                longestPauseNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                writers.unlock();
            }
            if (unsynced) {
                unsynced = false;
                store.sync();
            }
        } catch (RuntimeException e) {
            log.warn("Maintenance of the embedded store failed; retried at the next interval", e);
        }
    }

    /**
     * Before serving, with nothing else using the store: compacts a file mostly made of dead chunks (one written
     * before this maintenance existed), in at most {@code budget}. A compaction that fails leaves the file as it was
     * at its last commit; the failure is reported by the returned exception (the store may then be closed: the
     * caller opens it again and serves the file uncompacted).
     */
    RuntimeException compactAtStart(Duration budget) {
        long size = store.getFileStore().size();
        if (size == 0 || store.getFileStore().getFillRate() >= TARGET_FILL_RATE
                && store.getFileStore().getChunksFillRate() >= TARGET_FILL_RATE) {
            return null;
        }
        int retention = store.getRetentionTime();
        long started = System.nanoTime();
        try {
            store.compactFile((int) budget.toMillis());
        } catch (RuntimeException | AssertionError e) {
            log.warn("Compacting the embedded store at start failed; it is served uncompacted", e);
            return e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            if (!store.isClosed()) {
                store.setRetentionTime(retention); // compactFile sets it to 0
            }
        }
        log.info("Compacted the embedded store at start: {} MB → {} MB in {} ms", size >> 20,
                store.getFileStore().size() >> 20, (System.nanoTime() - started) / 1_000_000);
        return null;
    }

    /** Rewrites the live pages of the emptiest chunks; their space is reused once the retention time has passed. */
    private void compact(int rewriteBytes) {
        if (store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE
                && store.compact(TARGET_FILL_RATE, rewriteBytes)) {
            commit.run();
            compactions.incrementAndGet();
        }
    }
}
