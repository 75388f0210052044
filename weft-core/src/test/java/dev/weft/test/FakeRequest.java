package dev.weft.test;

import dev.weft.http.Headers;
import dev.weft.http.QueryString;
import dev.weft.http.Request;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An in-memory request for tests of handler logic that need no socket. */
public final class FakeRequest implements Request {

    private final String method;
    private final String target;
    private final Headers headers = new Headers();
    private byte[] body = new byte[0];

    public FakeRequest(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public FakeRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public FakeRequest body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        return QueryString.decodePath(rawPath());
    }

    @Override
    public String rawPath() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    @Override
    public String rawQuery() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    @Override
    public Map<String, List<String>> queryParams() {
        return QueryString.parse(rawQuery());
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(body);
    }

    @Override
    public long contentLength() {
        return body.length;
    }

    private InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);

    /** Sets the peer's address, an IP literal (never looked up). */
    public FakeRequest remote(String ip, int port) {
        try {
            remote = new InetSocketAddress(java.net.InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
        return this;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String protocol() {
        return "HTTP/1.1";
    }
}
