package dev.weft.transport;

/**
 * Notes when a write to the client starts and ends, so that a watchdog can drop a client
 * that stopped reading. A blocking socket write has no timeout of its own: without this, a
 * client that never reads would hold its thread forever once the send buffer fills.
 */
final class WriteWatch {

    /** When the write in progress started, or 0 when none is. */
    private volatile long since;

    /** Whether a single write has been blocked for longer than {@code limitNanos}. */
    boolean stalledLongerThan(long limitNanos, long now) {
        long started = since;
        return started != 0 && now - started > limitNanos;
    }

    /** A write (or a wait for room) starts. */
    void begin() {
        long now = System.nanoTime();
        since = now == 0 ? 1 : now;
    }

    /** It has ended. */
    void end() {
        since = 0;
    }
}
