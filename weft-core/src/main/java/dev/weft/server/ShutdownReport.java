package dev.weft.server;

import java.time.Duration;

/**
 * What a graceful shutdown did.
 *
 * @param inFlight    connections that were receiving or being answered when shutdown began,
 *                    or waiting for a worker; each was allowed to finish its request
 * @param idleClosed  keep-alive connections that were idle and closed at once
 * @param cutOff      connections still open at the deadline, closed by force
 * @param elapsed     how long the shutdown took
 */
public record ShutdownReport(int inFlight, int idleClosed, int cutOff, Duration elapsed) {

    /** Whether everything in flight finished before the deadline. */
    public boolean clean() {
        return cutOff == 0;
    }

    @Override
    public String toString() {
        return String.format("%d in-flight finished, %d idle closed, %d cut off at the deadline, in %.1f s",
                inFlight - cutOff, idleClosed, cutOff, elapsed.toMillis() / 1000.0);
    }
}
