package dev.weft.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a handler returns: a status, header fields and a {@link Body}.
 *
 * <p>Built fluently and handed to the server, which adds the fields it owns
 * ({@code Date}, {@code Server}, {@code Content-Length} or {@code Transfer-Encoding},
 * {@code Connection}) when it writes the response:
 *
 * <pre>{@code
 * return Response.status(201)
 *         .header("Location", "/todos/" + id)
 *         .json("{\"id\":" + id + "}");
 * }</pre>
 *
 * <p>A handler that wants the connection closed after the response sets
 * {@code Connection: close}. Framing headers set by the handler are ignored: the body's
 * length decides them.
 */
public final class Response {

    private int status;
    private final Headers headers = new Headers(6);
    private Body body = Body.empty();

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
            headers.set("Content-Type", type);
        }
    }

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
