package dev.weft.server;

import dev.weft.http1.HttpDate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;

/**
 * Answers connections the server cannot take with a fast {@code 503 Service Unavailable},
 * {@code Retry-After} and {@code Connection: close}, instead of leaving them unanswered
 * (and parked heads that ran out of time with {@code 408}); and closes connections gently
 * when the client may still be sending.
 *
 * <p>The answer fits an empty socket send buffer, so writing it never blocks the acceptor.
 * Closing right after would make the kernel reset the connection if the request is still
 * unread, and a reset can destroy the 503 before the client reads it; so the socket is
 * half-closed and the request read and discarded for up to a second first, on a short-lived
 * virtual thread. Under a flood, beyond {@link #MAX_LINGERING} such sockets, it just closes.
 */
final class Rejector {

    private static final int MAX_LINGERING = 512;
    private static final int LINGER_MILLIS = 1000;
    private static final int MAX_DISCARD = 1 << 20;

    private final Semaphore lingering = new Semaphore(MAX_LINGERING);

    void reject(SocketChannel socket, String reason) {
        answerAndClose(socket, "503 Service Unavailable", "Retry-After: 1\r\n",
                "503 Service Unavailable: " + reason + "\n");
    }

    /**
     * Answers {@code 408} to a connection whose request head did not arrive in time, from the
     * parking lot (fixed workers), so that a slowloris client costs no worker even at its end.
     * The body is the one a worker would send.
     */
    void timeOut(SocketChannel socket) {
        answerAndClose(socket, "408 Request Timeout", "", "request head not received in time\n");
    }

    /**
     * Writes a small {@code Connection: close} answer without blocking, then closes gently.
     * If the send buffer cannot take it at once (a keep-alive client that has not read its
     * earlier answers), what fits is sent and the connection closes all the same.
     */
    private void answerAndClose(SocketChannel socket, String status, String extraFields, String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + "\r\n"
                + new String(HttpDate.headerLine(), StandardCharsets.US_ASCII)
                + extraFields
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuffer answer = ByteBuffer.allocate(head.length() + body.length);
        answer.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        try {
            socket.configureBlocking(false);
            socket.write(answer);
        } catch (IOException e) {
            Listener.closeQuietly(socket);
            return;
        }
        lingerAndClose(socket);
    }

    /**
     * Half-closes a connection whose answer has been sent, then reads and discards what the
     * client is still sending for up to a second before closing, so that the answer is not
     * destroyed by a reset. Used for rejections and for connections closed with a request
     * body still unread.
     */
    void lingerAndClose(SocketChannel socket) {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            Listener.closeQuietly(socket);
            return;
        }
        if (!lingering.tryAcquire()) {
            Listener.closeQuietly(socket);
            return;
        }
        Thread.ofVirtual().name("weft-reject").start(() -> {
            try {
                discardInput(socket);
            } finally {
                Listener.closeQuietly(socket);
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
