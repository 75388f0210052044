package dev.weft.server;

import dev.weft.http.RequestLimits;
import dev.weft.http1.ConnectionInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * The bytes of a request head that arrive while its connection waits in the parking lot
 * (fixed workers), read without blocking, so that the connection takes a worker only once
 * its head is here in full: a client that sends half a head, or nothing, holds no worker.
 *
 * <p>Bounded: nothing is allocated until a byte arrives, and the buffer grows no further than
 * the largest head the limits allow (plus the empty lines allowed before it); by then the
 * parser refuses the head, so it is handed over as if whole and answered {@code 414} or
 * {@code 431} by the worker, as a head read by the worker itself would be.
 */
final class ArrivingHead {

    /** What the bytes read so far amount to. */
    enum Progress {
        /** More of the head is still to come. */
        WAITING,
        /** The head is here (or bytes the parser refuses): it needs a worker. */
        ARRIVED,
        /** The peer closed the connection before its head was whole. */
        ENDED
    }

    private static final int INITIAL_BUFFER = 1024;

    private final RequestLimits limits;
    private final int capacity;
    private byte[] bytes;
    private int length;

    /** @param carried bytes of the head already read by a worker, or an empty array */
    ArrivingHead(RequestLimits limits, byte[] carried) {
        this.limits = limits;
        this.capacity = limits.maxHeadBytes() + 2 * ConnectionInput.MAX_LEADING_EMPTY_LINES;
        if (carried.length > 0) {
            bytes = Arrays.copyOf(carried, Math.max(INITIAL_BUFFER, carried.length));
            length = carried.length;
        }
    }

    /** Bytes held so far. */
    int length() {
        return length;
    }

    /** Whether the bytes held make a whole head (or as many as a head may have): it needs a worker. */
    boolean isWhole() {
        return length >= capacity || length > 0 && ConnectionInput.holdsHead(bytes, 0, length, limits);
    }

    /** The buffer, whose first {@link #length()} bytes are the head so far; null if none. */
    byte[] bytes() {
        return bytes;
    }

    /**
     * Reads what the socket has, without blocking, through {@code scratch} (shared by every
     * connection of one parking lot), and stops as soon as the head is whole.
     */
    Progress readFrom(SocketChannel socket, ByteBuffer scratch) throws IOException {
        while (length < capacity) {
            scratch.clear().limit(Math.min(scratch.capacity(), capacity - length));
            int n = socket.read(scratch);
            if (n < 0) {
                return atEndOfStream();
            }
            if (n == 0) {
                return Progress.WAITING;
            }
            int from = length;
            append(scratch.flip());
            if (mayEndHere(from) && ConnectionInput.holdsHead(bytes, 0, length, limits)) {
                return Progress.ARRIVED;
            }
        }
        return Progress.ARRIVED; // as large as a head can be: the parser refuses it
    }

    /** At the end of the stream: a whole head is served (its answer may still be read), else nothing is. */
    private Progress atEndOfStream() {
        return length > 0 && ConnectionInput.holdsHead(bytes, 0, length, limits) ? Progress.ARRIVED : Progress.ENDED;
    }

    /**
     * Whether the bytes from {@code from} on can have completed the head, or made the parser
     * refuse it: only a line end can, or a request line grown past its limit. Spares a
     * client that trickles its head byte by byte a scan of the whole head per byte.
     */
    private boolean mayEndHere(int from) {
        if (length > limits.maxRequestLineBytes()) {
            return true;
        }
        for (int i = from; i < length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                return true;
            }
        }
        return false;
    }

    private void append(ByteBuffer chunk) {
        int n = chunk.remaining();
        if (bytes == null) {
            bytes = new byte[Math.min(capacity, Math.max(INITIAL_BUFFER, n))];
        } else if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(capacity, Math.max(length + n, bytes.length * 2)));
        }
        chunk.get(bytes, length, n);
        length += n;
    }
}
