package dev.weft.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Semaphore;

/**
 * Lingering close: half-closes a connection whose last answer has been written, then reads
 * and discards what the client is still sending for up to a second before closing, on a
 * short-lived virtual thread. Closing a socket with unread input makes the kernel send a
 * reset, which can destroy the answer before the client reads it. Under a flood, beyond
 * {@link #MAX_LINGERING} such sockets at once, it just closes. One per server.
 */
public final class Lingering {

    private static final int MAX_LINGERING = 512;
    private static final int LINGER_MILLIS = 1000;
    private static final int MAX_DISCARD = 1 << 20;

    private final Semaphore lingering = new Semaphore(MAX_LINGERING);

    /** A bound of {@link #MAX_LINGERING} sockets lingering at once. */
    public Lingering() {
    }

    /** Half-closes {@code socket}, discards what still arrives for a moment, and closes it. */
    void lingerAndClose(SocketChannel socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            Sockets.closeQuietly(socket);
            return;
        }
        if (!lingering.tryAcquire()) {
            Sockets.closeQuietly(socket);
            return;
        }
        Thread.ofVirtual().name("weft-linger").start(() -> {
            try {
                discardInput(socket);
            } finally {
                Sockets.closeQuietly(socket);
                lingering.release();
            }
        });
    }

    private static void discardInput(SocketChannel socket) {
        try {
            socket.configureBlocking(true);
            socket.socket().setSoTimeout(LINGER_MILLIS);
            var in = socket.socket().getInputStream();
            byte[] scratch = new byte[4096];
            long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
            int total = 0;
            while (total < MAX_DISCARD && System.nanoTime() < deadline) {
                int n = in.read(scratch);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException e) {
            // timed out or reset: either way we are done with it
        }
    }
}
