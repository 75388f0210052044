package dev.weft.files;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folders kept open between requests, so that walking to a file costs one {@code fstatat}
 * per folder, as a path lookup by name would, instead of an open and a close as well.
 *
 * <p>A kept folder is used again only while the name that led to it still names the very
 * same folder: the walk looks at the name relative to its (open) parent first, and the
 * identity it sees (device and inode) must equal the kept one's. That check is sound because
 * the kept descriptor pins the inode: it cannot be freed and reused while it is open. A
 * folder renamed away, replaced or swapped for a link is therefore opened afresh (or not at
 * all), exactly as without the cache. Where the file system gives no identity, nothing is kept.
 *
 * <p>Each kept folder is shared by reference count: the cache holds one reference and every
 * lookup using it another, so a folder dropped from the cache (replaced, or all of them once
 * more than {@link #MAX_KEPT} are open: a few native buffers each) is closed only when the
 * last lookup using it has finished.
 */
final class OpenDirectories {

    /** The most folders kept open at once. */
    static final int MAX_KEPT = 64;

    /** A folder and its users. */
    static final class Shared {
        final Directory dir;
        final Object identity;
        private final AtomicInteger references = new AtomicInteger(1);

        Shared(Directory dir, Object identity) {
            this.dir = dir;
            this.identity = identity;
        }

        /** Adds a user, unless the folder has already been closed. */
        boolean acquire() {
            while (true) {
                int n = references.get();
                if (n == 0) {
                    return false;
                }
                if (references.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Removes a user; the last one closes the folder. */
        void release() {
            if (references.decrementAndGet() == 0) {
                try {
                    dir.close();
                } catch (IOException ignored) {
                    // closing a folder handle cannot lose data
                }
            }
        }
    }

    private final Map<String, Shared> kept = new ConcurrentHashMap<>();

    /**
     * The kept folder for {@code key}, if it is still the folder with {@code identity}, with a
     * reference taken for the caller; otherwise null.
     */
    Shared reuse(String key, Object identity) {
        if (identity == null) {
            return null;
        }
        Shared shared = kept.get(key);
        return shared != null && shared.identity.equals(identity) && shared.acquire() ? shared : null;
    }

    /**
     * Shares {@code dir}, just opened by the caller, with a reference for the caller, and keeps
     * it for later lookups if it has an identity.
     */
    Shared keep(String key, Directory dir) throws IOException {
        Object identity = dir.attributes().fileKey(); // of the folder opened, not of the name looked at
        Shared shared = new Shared(dir, identity);
        if (identity == null) {
            return shared; // the caller's only
        }
        shared.acquire();
        Shared replaced = kept.put(key, shared);
        if (replaced != null) {
            replaced.release();
        }
        if (kept.size() > MAX_KEPT) {
            for (String k : kept.keySet()) {
                Shared dropped = kept.remove(k);
                if (dropped != null) {
                    dropped.release();
                }
            }
        }
        return shared;
    }

    /** Closes every kept folder once its users are done. */
    void clear() {
        for (String k : kept.keySet()) {
            Shared dropped = kept.remove(k);
            if (dropped != null) {
                dropped.release();
            }
        }
    }
}
