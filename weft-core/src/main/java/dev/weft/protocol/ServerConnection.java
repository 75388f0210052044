package dev.weft.protocol;

/**
 * One connection as the engine sees it, whatever its protocol: the engine admits it, gives it
 * threads, keeps it in its set of open connections, and closes it on shutdown or when a
 * deadline passes. It tells the engine when it ends ({@link ConnectionContext#closed}).
 *
 * <p>The engine calls {@link #run()} on a thread of its pool each time the connection asks
 * for one ({@link ConnectionContext#execute}); the other methods may be called from any
 * thread, concurrently with {@code run()}.
 */
public interface ServerConnection extends Runnable {

    /**
     * Starts the connection, on the acceptor thread (or the thread that opened it): ask for a
     * thread ({@link ConnectionContext#execute}), or wait without one
     * ({@link Transport#awaitArrival}). A connection the engine refuses a thread refuses its
     * client in its own protocol and reports itself closed.
     */
    void begin();

    /**
     * Serves the connection on the calling thread until it ends, waits without a thread, or
     * hands its transport to another protocol.
     */
    @Override
    void run();

    /** Closes the connection if it is idle between exchanges; returns whether it did. */
    boolean closeIfIdle();

    /**
     * Closes the connection if it has not received a byte since it was accepted, before
     * {@code sinceNanos}; returns whether it did. (Shutdown gives silent connections a grace.)
     */
    boolean closeIfSilentSince(long sinceNanos);

    /** Closes the connection whatever it is doing (a deadline has passed, or shutdown's). */
    void forceClose();

    /** Whether one write to the peer has been waiting for room longer than {@code limitNanos}. */
    boolean writeStalled(long limitNanos, long now);

    /**
     * Whether the connection waits for its peer without a timer of its own and its idle
     * deadline has passed: the engine's watchdog then calls {@link #closeIfIdle()}.
     */
    boolean idleExpired(long now);

    /** The server has begun to shut down: finish what is in flight and take nothing new. */
    default void drainingStarted() {
    }
}
