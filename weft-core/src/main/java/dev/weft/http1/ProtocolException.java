package dev.weft.http1;

import java.io.IOException;

/**
 * The peer broke the protocol or a limit: the request is answered with {@link #status()}
 * and, because the byte stream can no longer be trusted, the connection is closed.
 *
 * <p>It is an {@link IOException} so that it can surface from a request body stream in
 * the middle of a handler's read.
 */
public final class ProtocolException extends IOException {

    private final int status;

    public ProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The status to answer with: 400, 413, 414, 417, 431, 501 or 505. */
    public int status() {
        return status;
    }
}
