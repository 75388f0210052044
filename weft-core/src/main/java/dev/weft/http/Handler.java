package dev.weft.http;

/**
 * Turns a request into a response: the one thing an application writes.
 *
 * <p>A handler sees a {@link Request} and returns a {@link Response}; it never sees a socket,
 * a thread pool or the wire protocol, so the same handler serves HTTP/1.1 today and other
 * protocols later. Handlers run concurrently, one call per request, and may block: each
 * connection has a thread of its own.
 *
 * <pre>{@code
 * Handler hello = request -> Response.text("Hello, " + request.queryParam("name").orElse("world"));
 * }</pre>
 *
 * <p>A handler may throw. An {@link HttpException} becomes a response with its status; any
 * other exception becomes {@code 500 Internal Server Error} with a generic body (the
 * exception is logged, never sent to the client).
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles one request.
     *
     * @param request the request; its body may be read at most once
     * @return the response to send, never {@code null}
     * @throws Exception to signal failure; see the class documentation for how it is answered
     */
    Response handle(Request request) throws Exception;
}
