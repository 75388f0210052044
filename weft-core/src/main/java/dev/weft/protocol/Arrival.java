package dev.weft.protocol;

/**
 * What a connection that lets its thread go ({@link Transport#awaitArrival}) waits for, and
 * what it does when that comes or does not. The transport calls these on its own thread
 * (a poller or a selector thread): none may block.
 */
public interface Arrival {

    /** The most bytes the transport holds while waiting; with that many, the wait is over. */
    int maxBytes();

    /**
     * Whether {@code bytes[0, length)} are enough to start work (e.g. a whole request head, a
     * whole line). {@code from} is where the bytes new since the last call start.
     */
    boolean suffices(byte[] bytes, int from, int length);

    /** The first byte has come; returns false if the connection no longer wants it (closed). */
    boolean started();

    /** When the wait ends if the bytes have not sufficed, on the {@link System#nanoTime()} clock. */
    long deadline();

    /** The bytes suffice: give the connection a thread (through its {@link ConnectionContext}). */
    void arrived();

    /** The deadline passed first; the transport no longer watches it. Answer without blocking, and close. */
    void expired();

    /** The peer closed, or the transport failed or was closed, before the bytes sufficed: close. */
    void ended();
}
