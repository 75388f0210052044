package dev.weft.http;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request that passes every call to another one: the base for filters and routers that
 * change one aspect of a request (its path, its body, its attributes) and keep the rest.
 *
 * <pre>{@code
 * Request shouting = new ForwardingRequest(request) {
 *     @Override public String path() { return super.path().toUpperCase(); }
 * };
 * }</pre>
 */
public abstract class ForwardingRequest implements Request {

    private final Request delegate;

    /** Wraps {@code delegate}. */
    protected ForwardingRequest(Request delegate) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped request. */
    protected Request delegate() {
        return delegate;
    }

    @Override
    public String method() {
        return delegate.method();
    }

    @Override
    public String target() {
        return delegate.target();
    }

    @Override
    public String path() {
        return delegate.path();
    }

    @Override
    public String rawPath() {
        return delegate.rawPath();
    }

    @Override
    public String rawQuery() {
        return delegate.rawQuery();
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return delegate.queryParams();
    }

    @Override
    public String scheme() {
        return delegate.scheme();
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public Headers headers() {
        return delegate.headers();
    }

    @Override
    public Headers trailers() {
        return delegate.trailers();
    }

    @Override
    public InputStream body() {
        return delegate.body();
    }

    @Override
    public long contentLength() {
        return delegate.contentLength();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public String protocol() {
        return delegate.protocol();
    }

    @Override
    public Map<String, String> pathParams() {
        return delegate.pathParams();
    }

    @Override
    public Optional<String> route() {
        return delegate.route();
    }

    @Override
    public <T> Optional<T> attribute(Class<T> type) {
        return delegate.attribute(type);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
