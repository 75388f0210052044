package dev.weft.files;

import dev.weft.http.Gzip;
import dev.weft.http.HttpDates;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The header values that follow from a file's name, size and modification time, computed
 * once and reused until the file changes.
 *
 * @param size          the size in bytes
 * @param modifiedNanos the modification time, nanoseconds since the epoch
 * @param etag          the strong entity tag of the file as stored
 * @param lastModified  the {@code Last-Modified} value
 * @param contentType   the {@code Content-Type} value
 * @param compressible  whether gzip is worth trying on this type
 * @param fileKey       the file system's identity of the file (device and inode), or null
 * @param access        the file's permission bits where the file system has them, or null:
 *                      a {@code chmod} describes the file anew, so cached contents are not
 *                      served once it may no longer be read
 */
record FileMetadata(long size, long modifiedNanos, String etag, String lastModified, String contentType,
                    boolean compressible, Object fileKey, Object access) {

    /** {@code Last-Modified} has whole seconds; preconditions compare at that precision. */
    long modifiedSeconds() {
        return Math.floorDiv(modifiedNanos, 1_000_000_000L);
    }

    /**
     * A cache of {@link FileMetadata} keyed by path and checked against the size, time and
     * identity the caller just read from the file system, so a file changed on disk is never
     * described with stale headers: while a file is unchanged, its lookups return the same
     * instance.
     */
    static final class Cache {

        /** Bounded; when full it starts over, which costs a few recomputations, never correctness. */
        private static final int MAX_ENTRIES = 4096;

        private final Map<String, FileMetadata> entries = new ConcurrentHashMap<>();
        private final MediaTypes mediaTypes;

        Cache(MediaTypes mediaTypes) {
            this.mediaTypes = mediaTypes;
        }

        /**
         * The metadata for the file with cache key {@code file} as described by
         * {@code attributes} (fresh from the file system). {@code typeSource} is the file name
         * whose extension decides the type (a sidecar {@code a.css.br} is typed as
         * {@code a.css}); {@code suffix} tells the tag of a sidecar from the tag of the file.
         */
        FileMetadata lookup(String file, BasicFileAttributes attributes, String typeSource, String suffix) {
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            Object key = attributes.fileKey();
            Object access = attributes instanceof PosixFileAttributes posix ? posix.permissions() : null;
            FileMetadata cached = entries.get(file);
            if (cached != null && cached.size == size && cached.modifiedNanos == modified
                    && java.util.Objects.equals(cached.fileKey, key) && java.util.Objects.equals(cached.access, access)) {
                return cached;
            }
            String type = mediaTypes.typeOf(typeSource);
            FileMetadata fresh = new FileMetadata(size, modified, EntityTags.of(size, modified, suffix),
                    HttpDates.format(Math.floorDiv(modified, 1_000_000_000L)), type, Gzip.compressible(type), key, access);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(file, fresh);
            return fresh;
        }
    }
}
