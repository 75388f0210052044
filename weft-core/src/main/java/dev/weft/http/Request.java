package dev.weft.http;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it, whatever protocol carried it.
 *
 * <p>Everything but the body is parsed and validated before the handler runs. The body is a
 * stream read straight from the connection: it is never buffered whole, it ends where the
 * request's framing says it ends, and reading past the server's body limit fails with
 * {@code 413}. Whatever a handler leaves unread is discarded by the server.
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

    /** The request's header fields; lookups ignore case. */
    Headers headers();

    /** The first value of header {@code name}, or {@code null}. */
    default String header(String name) {
        return headers().first(name);
    }

    /** The body as a stream; empty when the request has none. May be read once. */
    InputStream body();

    /**
     * The declared body length, or {@code -1} when it is not known in advance (a chunked
     * body). A request without a body has length 0.
     */
    long contentLength();

    /** The address of the peer that sent the request. */
    InetSocketAddress remoteAddress();

    /** The protocol and version, e.g. {@code HTTP/1.1}. */
    String protocol();
}
