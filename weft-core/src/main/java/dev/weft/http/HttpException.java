package dev.weft.http;

/**
 * Thrown by a handler (or by the server while reading a request) to answer with a specific
 * status instead of {@code 500}.
 *
 * <p>The message is sent to the client as the body, so it must be safe to show: say what was
 * wrong with the request, not how the server failed.
 *
 * <pre>{@code
 * if (id < 0) throw new HttpException(400, "id must not be negative");
 * }</pre>
 */
public class HttpException extends RuntimeException {

    /** The status code the client gets, 400 to 599. */
    private final int status;

    /**
     * A failure answered with {@code status} and {@code message}.
     *
     * @param status an HTTP status code from 400 to 599
     * @param message a short, client-safe explanation, sent as the response body
     */
    public HttpException(int status, String message) {
        this(status, message, null);
    }

    /**
     * A failure answered with {@code status} and {@code message}, caused by {@code cause}.
     *
     * @param status an HTTP status code from 400 to 599
     * @param message a short, client-safe explanation, sent as the response body
     * @param cause the underlying failure, logged but never sent
     */
    public HttpException(int status, String message, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpException status must be 4xx or 5xx, got " + status);
        }
        this.status = status;
    }

    /** The status code the client gets. */
    public int status() {
        return status;
    }

    /**
     * The first {@code HttpException} in the cause chain of {@code failure} (itself included),
     * or {@code null}. Libraries that wrap what a stream throws, such as JSON binders, hide a
     * {@link PayloadTooLargeException} this way; this finds it again.
     */
    public static HttpException findIn(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
