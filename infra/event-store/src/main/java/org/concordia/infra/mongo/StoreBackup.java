package org.concordia.infra.mongo;

import org.h2.mvstore.FileStore;
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
 * copy the rest up to that length and put the header read under the lock in front. Everything is read through the
 * store's own file channel. The copy is the store as of that
 * commit. Reuse is turned on again afterwards, and the copy is opened once to check it.
 * <p>
 * A process killed during the copy leaves the live file as any kill would (reuse off only means more appending),
 * and leaves a {@code .partial} file in the target, never a complete-looking copy.
 */
final class StoreBackup {

    /** MVStore's two store headers, each one block. */
    private static final int HEADER_BYTES = 2 * 4096;
    private static final int COPY_BLOCK = 1 << 20;

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
        FileStore<?> file = store.getFileStore();
        long length;
        ByteBuffer header;
        long pausedNanos;
        try {
            writers.lock();
            long lockedAt = System.nanoTime();
            try {
                if (store.hasUnsavedChanges()) {
                    commit.run();
                }
                store.setReuseSpace(false);
                length = file.size();
                header = read(file, 0, (int) Math.min(HEADER_BYTES, length)); // as they are at this commit
            } finally {
                pausedNanos = System.nanoTime() - lockedAt;
                writers.unlock();
            }
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(out, header, 0);
                for (long position = header.limit(); position < length; ) {
                    int len = (int) Math.min(COPY_BLOCK, length - position);
                    write(out, read(file, position, len), position);
                    position += len;
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

    /**
     * Read through the store's own file channel: on Linux, closing any other channel on the file would release the
     * lock the store holds on it (locks belong to the process, not to the channel).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ByteBuffer read(FileStore file, long position, int length) {
        return file.readFully(null, position, length); // a single-file store ignores the chunk
    }

    private static void write(FileChannel out, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
        }
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
