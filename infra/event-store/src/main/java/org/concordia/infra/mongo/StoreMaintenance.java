package org.concordia.infra.mongo;

import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/**
 * What the embedded store does between write commands, once per flush interval, holding the writers' lock (so no
 * read or write command ever runs across a change of store version, whatever the retention time):
 * <ol>
 *   <li>commit what unjournaled writes left;</li>
 *   <li>when less than {@value #TARGET_FILL_RATE} % of the chunks' bytes are live, rewrite the live pages of the
 *       emptiest chunks into a new one (at most {@value #REWRITE_BYTES} bytes), so that the old chunks die and
 *       their space can be reused;</li>
 *   <li>when less than {@value #TARGET_FILL_RATE} % of the file is in use, move chunks from its end into free space
 *       nearer the start (at most {@value #MOVE_BYTES} bytes) and cut the file short;</li>
 * </ol>
 * then, without the lock, fsync the file if anything was committed. MVStore's own background thread, which did the
 * same without our lock (and only while it judged the store idle), is off. The longest pause is kept for the
 * statistics.
 */
final class StoreMaintenance {

    private static final Logger log = LoggerFactory.getLogger(StoreMaintenance.class);
    static final int TARGET_FILL_RATE = 60;
    static final int REWRITE_BYTES = 1 << 20;
    static final int MOVE_BYTES = 1 << 20;

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
                compact(REWRITE_BYTES, MOVE_BYTES);
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

    /** Before serving: compacts a file mostly made of dead chunks (one written before this maintenance existed). */
    void compactAtStart(Duration budget) {
        long size = store.getFileStore().size();
        if (size == 0 || store.getFileStore().getFillRate() >= TARGET_FILL_RATE
                && store.getFileStore().getChunksFillRate() >= TARGET_FILL_RATE) {
            return;
        }
        int retention = store.getRetentionTime();
        long started = System.nanoTime();
        store.compactFile((int) budget.toMillis());
        store.setRetentionTime(retention); // compactFile sets it to 0
        log.info("Compacted the embedded store at start: {} MB → {} MB in {} ms", size >> 20,
                store.getFileStore().size() >> 20, (System.nanoTime() - started) / 1_000_000);
    }

    private void compact(int rewriteBytes, long moveBytes) {
        boolean rewritten = store.getFileStore().getChunksFillRate() < TARGET_FILL_RATE
                && store.compact(TARGET_FILL_RATE, rewriteBytes);
        if (rewritten) {
            commit.run();
        }
        if (store.getFileStore() instanceof RandomAccessStore file && file.getFillRate() < TARGET_FILL_RATE) {
            file.compactMoveChunks(TARGET_FILL_RATE, moveBytes, store);
        }
        if (rewritten) {
            compactions.incrementAndGet();
        }
    }
}
