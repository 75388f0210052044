package dev.weft.http1;

import dev.weft.http.RequestLimits;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The read side of one HTTP/1.1 connection: a buffer over the socket's input stream from
 * which request heads and then bodies are taken, in order.
 *
 * <p>Bytes that arrive beyond the current message stay in the buffer for the next one, which
 * is all pipelining needs. The buffer starts small and grows only as far as the head limit,
 * so an idle connection holds little memory and a hostile one cannot make it hold much.
 */
public final class ConnectionInput {

    private static final int INITIAL_BUFFER = 1024;
    /** How many empty lines may precede a request line (RFC 9112 2.2 asks us to allow one). */
    public static final int MAX_LEADING_EMPTY_LINES = 4;

    /** Runs before each blocking read: the connection flushes pending responses there. */
    @FunctionalInterface
    public interface BeforeRead {
        void run() throws IOException;
    }

    private final InputStream in;
    private final RequestLimits limits;
    private final BeforeRead beforeRead;
    private byte[] buf;
    private int pos;
    private int limit;
    private long received;

    /**
     * @param beforeRead called before every read that may block. Answers to pipelined requests
     *                   wait in the output buffer until then, so they leave in one write, yet
     *                   nothing is held back while the connection waits for the client.
     */
    public ConnectionInput(InputStream in, RequestLimits limits, BeforeRead beforeRead) {
        this.in = in;
        this.limits = limits;
        this.beforeRead = beforeRead;
    }

    private int initialSize() {
        return Math.min(INITIAL_BUFFER, limits.maxHeadBytes());
    }

    /** Bytes received from the socket so far. */
    public long received() {
        return received;
    }

    /** How many bytes are already buffered past what has been consumed. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Reads the next request head.
     *
     * @param firstByte run once, as soon as the first byte of the head is available; lets the
     *                  caller tell an idle connection from one that is receiving a request
     * @return the head, or {@code null} if the peer closed the connection before sending a byte
     * @throws ProtocolException if the head is malformed or too large
     * @throws EOFException if the peer closed the connection in the middle of a head
     */
    public RequestHead readHead(Runnable firstByte) throws IOException {
        if (buffered() == 0 && !fill()) {
            return null;
        }
        firstByte.run();
        int emptyLines = 0;
        while (true) {
            if (buffered() == 0 && !fill()) {
                throw new EOFException("connection closed before the request line");
            }
            byte ch = buf[pos];
            if (ch != '\r' && ch != '\n') {
                break;
            }
            if (ch == '\n') {
                throw new ProtocolException(400, "bare LF before request line");
            }
            if (buffered() < 2 && !fill()) {
                throw new EOFException("connection closed before the request line");
            }
            if (buf[pos + 1] != '\n') {
                throw new ProtocolException(400, "bare CR before request line");
            }
            if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                throw new ProtocolException(400, "too many empty lines before request line");
            }
            pos += 2;
        }
        while (true) {
            int end = RequestHeadParser.findHeadEnd(buf, pos, limit, limits);
            if (end >= 0) {
                RequestHead head = RequestHeadParser.parse(buf, pos, end, limits);
                pos = end;
                return head;
            }
            if (!fill()) {
                throw new EOFException("connection closed in the middle of a request head");
            }
        }
    }

    /**
     * Whether {@link #readHead} would return or throw over the bytes {@code b[from, to)}
     * without reading more: they hold a whole head (CRLFCRLF, or the bare LF LF the parser
     * then refuses), or bytes the parser refuses already (a bare CR or LF before the request
     * line, too many empty lines, a request line or header section over its limit). Lets a
     * caller collect a head without a blocking read and hand it over only once it is here.
     */
    public static boolean holdsHead(byte[] b, int from, int to, RequestLimits limits) {
        int p = from;
        int emptyLines = 0;
        while (p < to && (b[p] == '\r' || b[p] == '\n')) {
            if (b[p] == '\n' || (p + 1 < to && b[p + 1] != '\n') || ++emptyLines > MAX_LEADING_EMPTY_LINES) {
                return true; // refused as readHead refuses it
            }
            if (p + 1 == to) {
                return false;
            }
            p += 2;
        }
        if (p == to) {
            return false;
        }
        try {
            return RequestHeadParser.findHeadEnd(b, p, to, limits) >= 0;
        } catch (ProtocolException e) {
            return true;
        }
    }

    /**
     * Makes {@code bytes[0, length)}, received from the socket by someone else, the next bytes
     * to be read, ahead of anything still in the socket. The array is taken over, not copied.
     *
     * @throws IllegalStateException if bytes are still buffered
     */
    public void preload(byte[] bytes, int length) {
        if (buffered() > 0) {
            throw new IllegalStateException("bytes are still buffered");
        }
        buf = bytes.length >= initialSize() ? bytes : Arrays.copyOf(bytes, initialSize());
        pos = 0;
        limit = length;
        received += length;
    }

    /**
     * Takes the bytes buffered past what has been consumed (part of a head, say) out of this
     * input, which then holds none; {@link #preload} gives them back.
     */
    public byte[] takeBuffered() {
        byte[] taken = buf == null ? new byte[0] : Arrays.copyOfRange(buf, pos, limit);
        received -= taken.length; // counted again when they come back
        buf = null;
        pos = 0;
        limit = 0;
        return taken;
    }

    /**
     * Drops the buffer while nothing is buffered (an idle connection); the next read
     * allocates a fresh one.
     */
    public void release() {
        if (pos == limit) {
            buf = null;
            pos = 0;
            limit = 0;
        }
    }

    /** Reads one byte, or returns -1 at end of stream. */
    public int read() throws IOException {
        if (buffered() == 0 && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads up to {@code len} bytes into {@code b}; -1 at end of stream. */
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int available = buffered();
        if (available > 0) {
            int n = Math.min(available, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        // Large reads bypass the buffer: no point copying a body twice.
        beforeRead.run();
        int n = in.read(b, off, len);
        if (n > 0) {
            received += n;
        }
        return n;
    }

    /**
     * Pulls more bytes from the socket into the buffer, compacting or growing it as needed.
     *
     * @return false at end of stream
     */
    private boolean fill() throws IOException {
        if (buf == null) {
            buf = new byte[initialSize()];
        }
        if (pos == limit) {
            pos = 0;
            limit = 0;
        }
        if (limit == buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            } else {
                // findHeadEnd refuses heads over the limit, so growth stops there.
                int grown = Math.min(buf.length * 2, Math.max(limits.maxHeadBytes(), buf.length + 1));
                buf = Arrays.copyOf(buf, grown);
            }
        }
        beforeRead.run();
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            return false;
        }
        limit += n;
        received += n;
        return true;
    }
}
