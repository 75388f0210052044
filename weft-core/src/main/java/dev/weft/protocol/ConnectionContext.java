package dev.weft.protocol;

import dev.weft.http.Handler;
import dev.weft.http.RequestLimits;
import java.time.Duration;

/**
 * What the engine gives every connection: the application's handler, the server's settings,
 * its threads, and the counters and bookkeeping a connection reports to.
 */
public interface ConnectionContext {

    /** The application's handler. */
    Handler handler();

    /** How the engine runs connections. */
    Threading threading();

    /** Request size limits. */
    RequestLimits limits();

    /** How long a connection may wait for its next exchange. */
    Duration idleTimeout();

    /** The longest silence allowed while a request arrives. */
    Duration readTimeout();

    /** How long a request head (or a new connection's first bytes) may take to arrive. */
    Duration headerTimeout();

    /** How long one write may wait for the peer to make room. */
    Duration writeTimeout();

    /** The slowest a request body may arrive, in bytes per second; 0 for no check. */
    long minBodyRate();

    /** Whether the server is shutting down: answer what is in flight and close. */
    boolean draining();

    /**
     * Queues {@code connection} to {@link ServerConnection#run()} on a thread. Returns false,
     * counting a refusal, if the pool has no room: the connection then refuses its client
     * and reports itself {@link #closed}.
     */
    boolean execute(ServerConnection connection);

    /** Whether other connections are waiting for a thread (never with virtual threads). */
    boolean threadsContended();

    /** One request (or exchange) has been answered. */
    void requestServed();

    /** {@code connection} has ended: the engine forgets it and frees its place. */
    void closed(ServerConnection connection);

    /**
     * {@code previous} has handed its transport over to {@code next} (a protocol switch): the
     * engine tracks {@code next} in its place, with the same admission.
     */
    void replaced(ServerConnection previous, ServerConnection next);
}
