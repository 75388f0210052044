package dev.weft.bench;

import dev.weft.http.Headers;
import dev.weft.http.QueryString;
import dev.weft.http.Request;
import dev.weft.http1.RequestBody;
import dev.weft.http1.RequestHead;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A {@link Request} over a parsed head with no body, shaped like the server's own
 * (package-private) {@code Http1Request}: one small object per request.
 */
final class BenchRequest implements Request {

    private static final InetSocketAddress REMOTE = InetSocketAddress.createUnresolved("127.0.0.1", 40000);

    private final RequestHead head;
    private final String path;

    BenchRequest(RequestHead head) {
        this.head = head;
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
        return QueryString.parse(head.rawQuery());
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
        return RequestBody.Empty.INSTANCE;
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return REMOTE;
    }

    @Override
    public String protocol() {
        return head.protocol();
    }
}
