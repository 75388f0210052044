package dev.weft.transport;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Bytes a transport holds to be read before its socket: given back by a protocol
 * ({@code Transport.unread}), or read by the waiting room while the connection had no thread.
 * Allocated only when there are some.
 */
final class Carried {

    private static final int INITIAL_BUFFER = 1024;

    byte[] bytes;
    int position;
    int limit;

    boolean isEmpty() {
        return position == limit;
    }

    int length() {
        return limit - position;
    }

    /** Puts {@code more} ahead of what is held. */
    void prepend(ByteBuffer more) {
        int n = more.remaining();
        if (n == 0) {
            return;
        }
        int held = length();
        byte[] joined = new byte[n + held];
        more.get(joined, 0, n);
        if (held > 0) {
            System.arraycopy(bytes, position, joined, n, held);
        }
        bytes = joined;
        position = 0;
        limit = n + held;
    }

    /** Appends {@code chunk}, growing the buffer up to {@code capacity}. */
    void append(ByteBuffer chunk, int capacity) {
        compact();
        int n = chunk.remaining();
        if (bytes == null) {
            bytes = new byte[Math.min(capacity, Math.max(INITIAL_BUFFER, n))];
        } else if (limit + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(limit + n, Math.min(capacity, bytes.length * 2)));
        }
        chunk.get(bytes, limit, n);
        limit += n;
    }

    /** Moves what is held to the start of the buffer. */
    void compact() {
        if (position > 0) {
            int n = length();
            System.arraycopy(bytes, position, bytes, 0, n);
            position = 0;
            limit = n;
        }
    }

    /** Reads up to {@code len} held bytes into {@code b}; returns how many. */
    int read(byte[] b, int off, int len) {
        int n = Math.min(len, length());
        System.arraycopy(bytes, position, b, off, n);
        position += n;
        if (position == limit) {
            clear();
        }
        return n;
    }

    void clear() {
        bytes = null;
        position = 0;
        limit = 0;
    }
}
