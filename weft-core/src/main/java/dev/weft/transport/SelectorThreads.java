package dev.weft.transport;

import java.io.IOException;
import java.nio.channels.Selector;

/** What the two selector loops ({@link WaitingRoom}, {@link SocketPoller}) share. */
final class SelectorThreads {

    private static final System.Logger LOG = System.getLogger(SelectorThreads.class.getName());

    private SelectorThreads() {
    }

    /**
     * Wakes a loop whose {@code open} flag the caller has just cleared, waits for its thread to
     * end, and closes the selector, which also closes sockets whose close it had deferred.
     */
    static void stop(Selector selector, Thread thread) {
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the selector failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
