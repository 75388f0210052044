package dev.weft.http1;

import dev.weft.protocol.ConnectionContext;
import dev.weft.protocol.Protocol;
import dev.weft.protocol.Recognition;
import dev.weft.protocol.ServerConnection;
import dev.weft.protocol.Transport;
import java.nio.ByteBuffer;

/**
 * HTTP/1.1 (and 1.0) as a {@link Protocol}: the server's default, always registered.
 *
 * <p>It recognises any first bytes that can start a request line: a method is a token, and
 * up to {@link ConnectionInput#MAX_LEADING_EMPTY_LINES} empty lines may come before it; what
 * it does not recognise, another protocol may. As the default it also takes what no protocol
 * recognises, and answers it {@code 400}.
 */
public final class Http1Protocol implements Protocol {

    /** For {@link java.util.ServiceLoader}, through which the engine finds HTTP/1.1 without naming it. */
    public Http1Protocol() {
    }

    @Override
    public String name() {
        return "http/1.1";
    }

    @Override
    public Recognition recognises(ByteBuffer firstBytes) {
        int p = firstBytes.position();
        int end = firstBytes.limit();
        while (p < end && (firstBytes.get(p) == '\r' || firstBytes.get(p) == '\n')) {
            p++;
        }
        if (p == end) {
            return Recognition.NEED_MORE;
        }
        int start = p;
        while (p < end && dev.weft.http.HttpChars.isTokenChar(firstBytes.get(p))) {
            p++;
        }
        if (p == start) {
            return Recognition.NO;
        }
        if (p == end) {
            return Recognition.NEED_MORE;
        }
        return firstBytes.get(p) == ' ' ? Recognition.YES : Recognition.NO;
    }

    @Override
    public ServerConnection open(Transport transport, ByteBuffer alreadyRead, ConnectionContext context) {
        if (alreadyRead.hasRemaining()) {
            transport.unread(alreadyRead);
        }
        return new Http1Connection(this, transport, context);
    }

    @Override
    public void refuse(Transport transport, String reason) {
        Http1Refusals.refuse(transport, reason);
    }

    @Override
    public String toString() {
        return name();
    }
}
