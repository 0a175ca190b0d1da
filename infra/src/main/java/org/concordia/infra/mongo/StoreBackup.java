package org.concordia.infra.mongo;

import org.h2.mvstore.MVStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;

/**
 * A consistent copy of a live MVStore file while it keeps serving. MVStore never overwrites a chunk while it may
 * not reuse space: with reuse off, every byte of the file up to its length at a commit stays as it is, and what is
 * written meanwhile is appended after it. So, holding the writers' lock only for a moment: commit, turn reuse off,
 * note the length and read the two header blocks (the only part MVStore rewrites in place); then, without the lock,
 * copy the rest up to that length and put the header read under the lock in front. The copy is the store as of that
 * commit. Reuse is turned on again afterwards, and the copy is opened once to check it.
 * <p>
 * A process killed during the copy leaves the live file as any kill would (reuse off only means more appending),
 * and leaves a {@code .partial} file in the target, never a complete-looking copy.
 */
final class StoreBackup {

    /** MVStore's two store headers, each one block. */
    private static final int HEADER_BYTES = 2 * 4096;

    /**
     * @param pausedMillis how long writers were held off
     */
    record Result(Path storeCopy, long bytes, long pausedMillis, long totalMillis) {
    }

    private StoreBackup() {
    }

    static Result copy(MVStore store, Path storeFile, Lock writers, Runnable commit, Path targetDirectory)
            throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(targetDirectory);
        Path partial = targetDirectory.resolve(storeFile.getFileName() + ".partial");
        Path copy = targetDirectory.resolve(storeFile.getFileName());
        long length;
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        long pausedNanos;
        try (FileChannel in = FileChannel.open(storeFile, StandardOpenOption.READ)) {
            writers.lock();
            long lockedAt = System.nanoTime();
            try {
                if (store.hasUnsavedChanges()) {
                    commit.run();
                }
                store.setReuseSpace(false);
                length = store.getFileStore().size();
                while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                    // read both header blocks as they are at this commit
                }
                header.flip();
            } finally {
                pausedNanos = System.nanoTime() - lockedAt;
                writers.unlock();
            }
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(header, 0);
                long position = header.limit();
                while (position < length) {
                    long moved = in.transferTo(position, length - position, out.position(position));
                    if (moved <= 0) {
                        throw new IOException("the store file ended at " + position + " before " + length);
                    }
                    position += moved;
                }
                out.force(true);
            }
        } finally {
            writers.lock();
            try {
                store.setReuseSpace(true);
            } finally {
                writers.unlock();
            }
        }
        Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        check(copy);
        return new Result(copy, length, pausedNanos / 1_000_000, (System.nanoTime() - started) / 1_000_000);
    }

    /** Opens the copy read-only: a torn or inconsistent copy fails here rather than at a restore. */
    static void check(Path copy) {
        MVStore opened = new MVStore.Builder().fileName(copy.toString()).readOnly().open();
        try {
            opened.getMapNames();
        } finally {
            opened.close();
        }
    }

    /** The other files of a data directory (signing and webhook keys): small, copied as they are. */
    static void copyOtherFiles(Path dataDirectory, Path storeFile, Path targetDirectory) throws IOException {
        List<Path> others;
        try (Stream<Path> files = Files.list(dataDirectory)) {
            others = files.filter(Files::isRegularFile).filter(f -> !f.getFileName().equals(storeFile.getFileName()))
                    .filter(f -> !f.getFileName().toString().endsWith(".partial")).toList();
        }
        for (Path file : others) {
            Files.copy(file, targetDirectory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
