package dev.weft.filters;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.ForwardingRequest;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.http.PayloadTooLargeException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Limits the request body of the routes it wraps, below the server-wide limit:
 * {@code router.post("/avatar", BodyLimitFilter.of(256 * 1024).wrap(upload))}.
 *
 * <p>A declared {@code Content-Length} over the limit is refused with {@code 413} before the
 * handler runs. A chunked body is counted as the handler reads it; the read that crosses the
 * limit throws {@link PayloadTooLargeException}, which this filter answers with {@code 413}
 * (and the connection is closed after it, since the rest of the body was not read) even if a parser
 * wrapped it in its own exception.
 */
public final class BodyLimitFilter implements Filter {

    private final long maxBytes;

    private BodyLimitFilter(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0");
        }
        this.maxBytes = maxBytes;
    }

    /** A filter allowing bodies of at most {@code maxBytes}. */
    public static BodyLimitFilter of(long maxBytes) {
        return new BodyLimitFilter(maxBytes);
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        if (request.contentLength() > maxBytes) {
            throw tooLarge();
        }
        LimitedStream limited = new LimitedStream(request.body(), maxBytes);
        Request bounded = new ForwardingRequest(request) {
            @Override
            public InputStream body() {
                return limited;
            }
        };
        try {
            return next.handle(bounded);
        } catch (Exception e) {
            if (limited.exceeded && HttpException.findIn(e) instanceof PayloadTooLargeException p) {
                // The unread rest of the body would have to be drained before another request
                // could follow; the client sent too much already, so end the connection.
                return ErrorResponses.of(request, p).closeAfter();
            }
            throw e;
        }
    }

    private PayloadTooLargeException tooLarge() {
        return new PayloadTooLargeException(maxBytes);
    }

    /** Counts bytes read and fails the read that goes past the limit. */
    private final class LimitedStream extends FilterInputStream {
        private long left;
        private volatile boolean exceeded;

        LimitedStream(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // Ask for at most one byte past the limit: enough to notice, no more.
            int n = super.read(b, off, (int) Math.min(len, left + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left + 1));
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            left -= n;
            if (left < 0) {
                exceeded = true;
                throw tooLarge();
            }
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
