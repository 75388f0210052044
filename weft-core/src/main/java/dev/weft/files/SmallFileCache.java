package dev.weft.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contents of small files, so that serving one costs the stat every request makes anyway,
 * not an open, a read and a close as well.
 *
 * <p>An entry is valid while the file's {@link FileMetadata} is the very instance it was read
 * under: the metadata cache hands out a new instance as soon as the size, the modification
 * time or the file's identity (inode) changes, so a file changed on disk is read afresh.
 * One gap remains in any cache keyed on modification time: a write within the clock tick of
 * the previous one, keeping the size, leaves the time unchanged. So only files that have
 * not been modified for {@link #SETTLED_NANOS} are kept: any later write lands on a later
 * tick. (A tool that rewrites a file in place and then sets its old time back would still
 * fool it; so would it fool every {@code ETag} derived from size and time.)
 *
 * <p>Bounded by {@link #BUDGET_BYTES} in all; when a file does not fit, the cache starts
 * over, which costs a few reads, never correctness.
 */
final class SmallFileCache {

    /** How long a file must have stayed unmodified before its contents are kept. */
    static final long SETTLED_NANOS = 2_000_000_000L;
    /** The most bytes of file contents held at once. */
    static final long BUDGET_BYTES = 4L << 20;

    private record Entry(FileMetadata meta, byte[] bytes) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong held = new AtomicLong();

    /** The cached contents of {@code file} as described by {@code meta}, or null. */
    byte[] get(String file, FileMetadata meta) {
        Entry entry = entries.get(file);
        return entry != null && entry.meta == meta ? entry.bytes : null;
    }

    /**
     * Keeps {@code bytes}, just read from {@code file} as described by {@code meta}, if the
     * file has settled. The caller must not change the array afterwards.
     */
    void put(String file, FileMetadata meta, byte[] bytes) {
        long ageNanos = System.currentTimeMillis() * 1_000_000L - meta.modifiedNanos();
        if (ageNanos < SETTLED_NANOS || bytes.length > BUDGET_BYTES) {
            return;
        }
        if (held.addAndGet(bytes.length) > BUDGET_BYTES) {
            entries.clear();
            held.set(bytes.length);
        }
        Entry previous = entries.put(file, new Entry(meta, bytes));
        if (previous != null) {
            held.addAndGet(-previous.bytes.length);
        }
    }
}
