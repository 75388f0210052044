package dev.weft.protocol;

import java.io.IOException;

/**
 * The rest of an answer whose bytes are fixed, left to the transport to send without a
 * thread ({@link Transport#finishSending}). Called on the transport's thread: none may block.
 */
public interface PendingSend {

    /** Sends what the transport takes now; returns whether all of it went. */
    boolean sendNow() throws IOException;

    /** When the send is given up if it has not finished (the write timeout from the last progress). */
    long deadline();

    /**
     * All of it went: returns what the connection waits for next (bytes it had read ahead
     * are given back to the transport first), or null if it closes ({@link #close()} follows).
     */
    Arrival sent();

    /** Ends the connection after its send, as it would have on a thread (gently if it must). */
    void close();

    /** Ends the connection at once: the send failed, or its deadline passed. */
    void abort();
}
