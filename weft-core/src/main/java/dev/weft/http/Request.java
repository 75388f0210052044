package dev.weft.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One HTTP request as a handler sees it, whatever protocol carried it.
 *
 * <p>Everything but the body is parsed and validated before the handler runs. The body is a
 * stream read straight from the connection: it is never buffered whole, it ends where the
 * request's framing says it ends, and reading past the server's body limit fails with
 * {@code 413}. Whatever a handler leaves unread is discarded by the server.
 *
 * <p>Beyond what the protocol carries, a request may hold path parameters (set by a
 * {@code Router}) and typed attributes (set by filters or by the application, see
 * {@link #withAttribute}); a plain server request has neither. The convenience readers
 * ({@link #bodyString}, {@link #form}, {@link #cookie}, ...) are default methods, so a
 * transport only implements the protocol part.
 */
public interface Request {

    /** The method, exactly as sent (methods are case-sensitive): {@code GET}, {@code POST}, ... */
    String method();

    /** The request-target exactly as sent, e.g. {@code /search?q=a%20b}. */
    String target();

    /** The path, percent-decoded as UTF-8, e.g. {@code /a b} for {@code /a%20b}. */
    String path();

    /**
     * The path as sent, still percent-encoded. Use it where an encoded {@code /} ({@code %2F})
     * must stay distinct from a real one.
     */
    String rawPath();

    /** The query string as sent, without the {@code ?}, or {@code null} if there was none. */
    String rawQuery();

    /**
     * The decoded query parameters, in order of first appearance; a key repeated in the
     * query has all its values. {@code +} decodes to a space, as browsers send it.
     */
    Map<String, List<String>> queryParams();

    /** The first value of query parameter {@code name}. */
    default Optional<String> queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * The scheme of the target URI: {@code http} on a plain connection, {@code https} on a
     * secured one. The transport says which; this default, for requests that do not come
     * from one, is {@code http}.
     */
    default String scheme() {
        return "http";
    }

    /**
     * The authority of the target URI, {@code uri-host [ ":" port ]} exactly as sent, e.g.
     * {@code example.com:8080} or {@code [::1]}: the one in the request-target when that is
     * in absolute form, else the {@code Host} field's (HTTP/1) or the {@code :authority}
     * (HTTP/2). The transport has validated it ({@link Authority#validate}; an invalid one was
     * answered with {@code 400}), so it never holds userinfo, a bad port or a stray character.
     * Empty when the client named none: an empty {@code Host}, which HTTP/1.1 sends for a
     * target without an authority, or an HTTP/1.0 request without {@code Host}.
     * {@link Authority#parse} splits it into host and port.
     *
     * <p>This default, for requests that do not come from a transport, returns the
     * {@code Host} field, or an empty string.
     */
    default String authority() {
        String host = header("Host");
        return host == null ? "" : host;
    }

    /** The request's header fields; lookups ignore case. */
    Headers headers();

    /** The first value of header {@code name}, or {@code null}. */
    default String header(String name) {
        return headers().first(name);
    }

    /** The body as a stream; empty when the request has none. May be read once. */
    InputStream body();

    /**
     * The trailer fields that came after the body (a chunked HTTP/1.1 body's trailer section,
     * or HTTP/2's trailing HEADERS), in order; lookups ignore case.
     *
     * <p>Valid once {@link #body()} has been read to its end (a read returned {@code -1}, as
     * {@link #bodyBytes} and the other readers do); empty before that, and for a body that
     * carries none. They are kept apart from {@link #headers()} and never change how the
     * request is read: a framing field such as {@code Content-Length} in a trailer is just
     * reported. The same limits apply as to the header section ({@code 431} beyond them).
     *
     * <p>This default, for requests that do not come from a transport, has none.
     */
    default Headers trailers() {
        return new Headers(0);
    }

    /**
     * The declared body length, or {@code -1} when it is not known in advance (a chunked
     * body). A request without a body has length 0.
     */
    long contentLength();

    /** The address of the peer that sent the request. */
    InetSocketAddress remoteAddress();

    /** The protocol and version, e.g. {@code HTTP/1.1}. */
    String protocol();

    // ---- Path parameters and attributes (filled in by routers and filters) ----

    /**
     * The pattern of the route that matched, for logs and metrics: {@code /todos/{id}}, not
     * {@code /todos/42}. It is the whole pattern across nested routers (a route {@code /{post}}
     * of a router nested at {@code /users/{id}/posts} is {@code /users/{id}/posts/{post}}); a
     * mounted handler that is not a router (a {@code StaticFiles} at {@code /static}) sees
     * {@code /static/{*}}.
     *
     * <p>Empty when no route matched: outside any router, in a router's own filters (they run
     * before it dispatches), and in its {@code notFound} handler. A filter wrapped around the
     * whole router, such as an access log, sees the request before it is routed and so reads
     * the route through a {@code dev.weft.routing.RouteRecorder} instead.
     *
     * <p>This default, for requests that no router has matched, is empty.
     */
    default Optional<String> route() {
        return Optional.empty();
    }

    /**
     * The path parameters of the route that matched, name to percent-decoded value, e.g.
     * {@code id -> 42} for pattern {@code /users/{id}}; empty when no router matched.
     */
    default Map<String, String> pathParams() {
        return Map.of();
    }

    /**
     * The value of path parameter {@code name}.
     *
     * @throws IllegalStateException if the matched route has no such parameter: a programming
     *                               error, answered with 500
     */
    default String pathParam(String name) {
        String value = pathParams().get(name);
        if (value == null) {
            throw new IllegalStateException("the matched route has no path parameter {" + name + "}");
        }
        return value;
    }

    /**
     * Path parameter {@code name} converted by {@code parser}, e.g.
     * {@code request.pathParam("id", Long::parseLong)}; a value the parser rejects is
     * answered with {@code 400}.
     */
    default <T> T pathParam(String name, Function<String, T> parser) {
        String value = pathParam(name);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new HttpException(400, "invalid path parameter " + name);
        }
    }

    /**
     * Query parameter {@code name} (its first value) converted by {@code parser}; a value the
     * parser rejects is answered with {@code 400}.
     */
    default <T> Optional<T> queryParam(String name, Function<String, T> parser) {
        Optional<String> value = queryParam(name);
        try {
            return value.map(parser);
        } catch (RuntimeException e) {
            throw new HttpException(400, "invalid query parameter " + name);
        }
    }

    /** Every value of query parameter {@code name}, in order; empty if absent. */
    default List<String> queryParams(String name) {
        return queryParams().getOrDefault(name, List.of());
    }

    /**
     * The attribute stored under {@code type}, e.g. application state or a filter's result
     * such as a request id. Attributes are looked up by the exact class they were stored
     * under.
     */
    default <T> Optional<T> attribute(Class<T> type) {
        return Optional.empty();
    }

    /**
     * This request with one more attribute: how filters hand results to handlers, and how
     * a router hands application state to handlers, without globals.
     */
    default <T> Request withAttribute(Class<T> type, T value) {
        java.util.Objects.requireNonNull(type, "type");
        java.util.Objects.requireNonNull(value, "value");
        return new AttributeRequest<>(this, type, value);
    }

    /**
     * The attribute stored under {@code type}.
     *
     * @throws IllegalStateException if there is none: a wiring mistake, answered with 500
     */
    default <T> T require(Class<T> type) {
        return attribute(type).orElseThrow(
                () -> new IllegalStateException("no request attribute of type " + type.getName()));
    }

    // ---- Convenience readers ----

    /** The cookies the client sent, name to value (the first wins when a name repeats). */
    default Map<String, String> cookies() {
        return Cookies.parse(headers().all("Cookie"));
    }

    /** The value of cookie {@code name}. */
    default Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    /**
     * The whole body as bytes.
     *
     * @param maxBytes the most the caller accepts; a larger body is answered with {@code 413}
     *                 (before reading, when {@code Content-Length} says so)
     */
    default byte[] bodyBytes(long maxBytes) throws IOException {
        return RequestBodies.readBytes(this, maxBytes);
    }

    /**
     * The whole body as UTF-8 text; invalid UTF-8 is answered with {@code 400}.
     *
     * @param maxBytes the most the caller accepts; a larger body is answered with {@code 413}
     */
    default String bodyString(long maxBytes) throws IOException {
        return RequestBodies.readString(this, maxBytes);
    }

    /**
     * The body as an {@code application/x-www-form-urlencoded} form: ordered, multi-valued
     * fields. Another content type is answered with {@code 415}, a malformed body with
     * {@code 400}, one over {@code maxBytes} with {@code 413}.
     */
    default Map<String, List<String>> form(long maxBytes) throws IOException {
        return RequestBodies.readForm(this, maxBytes);
    }

    /**
     * The body as {@code multipart/form-data} (RFC 7578), read part by part as it arrives,
     * under {@link MultipartLimits#DEFAULTS}: at most 1,000 parts and 16 KiB of header section
     * per part, the server's body limit for the rest. Another content type is answered with
     * {@code 415}, a missing or invalid {@code boundary} with {@code 400}; reading the parts
     * can fail with the {@code 400} and {@code 413} answers listed on {@link Multipart}.
     * Nothing is read until {@link Multipart#next()} is called.
     */
    default Multipart multipart() {
        return multipart(MultipartLimits.DEFAULTS);
    }

    /**
     * The body as {@code multipart/form-data}, read under {@code limits}: as
     * {@link #multipart()}, and {@code 413} at once when {@code Content-Length} is over
     * {@link MultipartLimits#maxTotalBytes()}.
     */
    default Multipart multipart(MultipartLimits limits) {
        return Multipart.of(this, limits);
    }
}
