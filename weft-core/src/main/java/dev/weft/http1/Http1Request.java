package dev.weft.http1;

import dev.weft.http.Headers;
import dev.weft.http.HttpException;
import dev.weft.http.QueryString;
import dev.weft.http.Request;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** A {@link Request} read from an HTTP/1.1 connection. */
final class Http1Request implements Request {

    private final RequestHead head;
    private final RequestBody body;
    private final InetSocketAddress remote;
    private final String scheme;
    private final String path;
    private Map<String, List<String>> query;

    /**
     * @param scheme what the connection is: {@code http}, or {@code https} over TLS
     * @throws IllegalArgumentException if the path's percent-encoding is invalid
     */
    Http1Request(RequestHead head, RequestBody body, InetSocketAddress remote, String scheme) {
        this.head = head;
        this.body = body;
        this.remote = remote;
        this.scheme = scheme;
        String raw = head.rawPath();
        this.path = raw.indexOf('%') < 0 ? raw : QueryString.decodePath(raw);
    }

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawPath() {
        return head.rawPath();
    }

    @Override
    public String rawQuery() {
        return head.rawQuery();
    }

    @Override
    public Map<String, List<String>> queryParams() {
        if (query == null) {
            try {
                query = QueryString.parse(head.rawQuery());
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "malformed query string: " + e.getMessage(), e);
            }
        }
        return query;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String authority() {
        return head.authority();
    }

    @Override
    public Headers headers() {
        return head.headers();
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public Headers trailers() {
        return body.trailers();
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String protocol() {
        return head.protocol();
    }

    @Override
    public String toString() {
        return head.method() + " " + head.target() + " " + head.protocol();
    }
}
