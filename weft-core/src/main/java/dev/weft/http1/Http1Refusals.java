package dev.weft.http1;

import dev.weft.protocol.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1's short answers to connections it will not serve: a fast
 * {@code 503 Service Unavailable} with {@code Retry-After} to connections the server cannot
 * take, instead of leaving them unanswered, and {@code 408} to heads that ran out of time
 * while waiting without a worker. Each is written without blocking (it fits an empty send
 * buffer, so the acceptor never waits) and followed by a lingering close
 * ({@link Transport#closeGently()}), since closing at once with the request unread would make
 * the kernel reset the connection, which can destroy the answer before the client reads it.
 */
final class Http1Refusals {

    private Http1Refusals() {
    }

    /** Answers {@code 503} with {@code Retry-After: 1} and closes gently. */
    static void refuse(Transport transport, String reason) {
        answerAndClose(transport, "503 Service Unavailable", "Retry-After: 1\r\n",
                "503 Service Unavailable: " + reason + "\n");
    }

    /**
     * Answers {@code 408} to a connection whose request head did not arrive in time, from the
     * waiting room (fixed workers), so that a slowloris client costs no worker even at its end.
     * The body is the one a worker would send.
     */
    static void timeOut(Transport transport) {
        answerAndClose(transport, "408 Request Timeout", "", "request head not received in time\n");
    }

    /**
     * Writes a small {@code Connection: close} answer without blocking, then closes gently.
     * If the send buffer cannot take it at once (a keep-alive client that has not read its
     * earlier answers), what fits is sent and the connection closes all the same.
     */
    private static void answerAndClose(Transport transport, String status, String extraFields, String message) {
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
            transport.sendNow(answer);
        } catch (IOException e) {
            transport.close();
            return;
        }
        transport.closeGently();
    }
}
