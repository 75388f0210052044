package dev.weft.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a handler returns: a status, header fields and a {@link Body}.
 *
 * <p>Built fluently and handed to the server, which adds the fields it owns ({@code Date},
 * and whatever the protocol uses to frame the body and manage the connection) when it writes
 * the response:
 *
 * <pre>{@code
 * return Response.status(201)
 *         .header("Location", "/todos/" + id)
 *         .json("{\"id\":" + id + "}");
 * }</pre>
 *
 * <p>A handler that wants the connection closed once this exchange is over calls
 * {@link #closeAfter()}. Framing fields set by the handler are ignored: the body's length
 * decides them. Trailer fields, sent after the body, are declared with
 * {@link #trailer(String, Supplier)}.
 *
 * <p>How HTTP/1.1 carries these: {@code closeAfter()} is {@code Connection: close} (a
 * {@code Connection: close} field set by the handler still works the same); a response with
 * trailers is sent with chunked framing, whatever its length, and announces their names in a
 * {@code Trailer} field. HTTP/1.0 has no trailers: they are dropped there, and their values
 * are never computed.
 */
public final class Response {

    private int status;
    private final Headers headers = new Headers(2); // grows; most responses set one or two
    private Body body = Body.empty();
    private ResponseTrailers trailers; // null until one is declared: most responses have none
    private boolean closeAfter;
    private ProtocolSwitch switchTo; // null unless the connection is handed to another protocol

    private Response(int status) {
        this.status = checkStatus(status);
    }

    /** An empty response with the given status. */
    public static Response status(int status) {
        return new Response(status);
    }

    /** An empty {@code 200 OK}. */
    public static Response ok() {
        return new Response(200);
    }

    /** {@code 200 OK} with a {@code text/plain; charset=utf-8} body. */
    public static Response text(String text) {
        return ok().text(text, "text/plain; charset=utf-8");
    }

    /** {@code 200 OK} with a {@code text/html; charset=utf-8} body. */
    public static Response html(String html) {
        return ok().text(html, "text/html; charset=utf-8");
    }

    /** A plain-text response with the given status, e.g. {@code Response.error(404, "no such todo")}. */
    public static Response error(int status, String message) {
        return status(status).text(message, "text/plain; charset=utf-8");
    }

    /**
     * {@code 101 Switching Protocols}: once it is sent, the connection belongs to
     * {@code protocol}, which gets the bytes the client sent after the request. The handler
     * answers an {@code Upgrade} request this way, after checking that the client asked for
     * {@code upgradeToken}; the server adds {@code Upgrade: upgradeToken} and
     * {@code Connection: Upgrade}. The request's body must have been read in full (usually it
     * has none); otherwise the connection closes instead. Only an HTTP/1.1 request can be
     * answered so: to any other, or if the server is shutting down, the server answers with
     * the status the handler would have got for an unusable upgrade.
     *
     * @param upgradeToken the protocol as the {@code Upgrade} field names it, e.g. {@code "websocket"}
     * @param protocol     the server protocol that takes the connection over
     *                     (a {@code dev.weft.protocol.Protocol})
     */
    public static Response switchProtocols(String upgradeToken, ProtocolSwitch protocol) {
        java.util.Objects.requireNonNull(protocol, "protocol");
        Response response = status(101).header("Upgrade", upgradeToken);
        response.switchTo = protocol;
        return response;
    }

    /** The protocol this {@code 101} answer hands the connection to, or null for any other answer. */
    public ProtocolSwitch switchTo() {
        return switchTo;
    }

    /** A {@code 302 Found} (or another 3xx) to {@code location}. */
    public static Response redirect(int status, String location) {
        if (status < 300 || status > 399) {
            throw new IllegalArgumentException("redirect status must be 3xx, got " + status);
        }
        return status(status).header("Location", location);
    }

    private static int checkStatus(int status) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be a three-digit code, got " + status);
        }
        return status;
    }

    /** Changes the status. */
    public Response withStatus(int status) {
        this.status = checkStatus(status);
        return this;
    }

    /** Sets header {@code name}, replacing any previous values. */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** Adds a value to header {@code name}, keeping previous ones (e.g. {@code Set-Cookie}). */
    public Response addHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Adds a {@code Set-Cookie} header. */
    public Response cookie(SetCookie cookie) {
        return addHeader("Set-Cookie", cookie.toString());
    }

    /** Sets {@code Content-Type}. */
    public Response contentType(String type) {
        return header("Content-Type", type);
    }

    /** Sets the body. */
    public Response body(Body body) {
        this.body = body == null ? Body.empty() : body;
        return this;
    }

    /** Sets a body of bytes; {@code Content-Type} defaults to {@code application/octet-stream}. */
    public Response body(byte[] bytes) {
        defaultType("application/octet-stream");
        return body(Body.of(bytes));
    }

    /** Sets a UTF-8 text body; {@code Content-Type} defaults to {@code text/plain; charset=utf-8}. */
    public Response body(String text) {
        return text(text, "text/plain; charset=utf-8");
    }

    /** Sets a body streamed from {@code in} (sent chunked); the server closes the stream. */
    public Response body(InputStream in) {
        defaultType("application/octet-stream");
        return body(Body.of(in));
    }

    /** Sets a body from a file, sent zero-copy where the transport allows it. */
    public Response file(Path file) {
        defaultType("application/octet-stream");
        return body(Body.ofFile(file));
    }

    /** Sets a JSON body from already-serialized text, with {@code application/json}. */
    public Response json(String json) {
        return text(json, "application/json");
    }

    private Response text(String text, String type) {
        defaultType(type);
        return body(Body.of(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void defaultType(String type) {
        if (!headers.contains("Content-Type")) {
            headers.add("Content-Type", type);
        }
    }

    /**
     * Declares trailer field {@code name}, sent after the body with the value {@code value}
     * gives once the whole body has been written: a checksum or a count of streamed output, a
     * status known only at the end. A {@code null} value leaves the field out. Declaring a
     * name again replaces its value.
     *
     * <p>A client may ignore trailers (RFC 9110 6.5), so nothing it needs to understand the
     * response belongs there. If {@code value} throws, the body has been sent already: the
     * response is cut short (the connection is closed without ending the message), so the
     * client cannot mistake it for a complete one.
     *
     * @throws InvalidHeaderException if {@code name} is not a token, or is a field that may
     *                                not be a trailer (see {@link ResponseTrailers})
     */
    public Response trailer(String name, Supplier<String> value) {
        if (trailers == null) {
            trailers = new ResponseTrailers();
        }
        trailers.declare(name, value);
        return this;
    }

    /**
     * Declares trailer field {@code name} with a value known now; see
     * {@link #trailer(String, Supplier)}.
     */
    public Response trailer(String name, String value) {
        java.util.Objects.requireNonNull(value, "value");
        return trailer(name, () -> value);
    }

    /**
     * Asks for the connection to be closed once this exchange is over, in whatever way the
     * protocol says so: after a failure that left the request unread, say, or to shed a
     * client. The response itself is sent in full.
     */
    public Response closeAfter() {
        this.closeAfter = true;
        return this;
    }

    /**
     * Whether the connection closes after this response: {@link #closeAfter()} was called, or
     * the handler set {@code Connection: close} itself.
     */
    public boolean closesAfter() {
        return closeAfter || headers.containsToken("Connection", "close");
    }

    /** The declared trailer fields; empty when there are none. */
    public ResponseTrailers trailers() {
        return trailers == null ? NO_TRAILERS : trailers;
    }

    private static final ResponseTrailers NO_TRAILERS = new ResponseTrailers();

    /** The status code. */
    public int status() {
        return status;
    }

    /** The header fields; changes show in the response. */
    public Headers headers() {
        return headers;
    }

    /** The body. */
    public Body body() {
        return body;
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + ", length=" + body.length() + "]";
    }
}
