package dev.weft.http1;

import dev.weft.protocol.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The write side of one HTTP/1.1 connection: a buffer in front of the transport so that a
 * response head and a small body leave in one write, and so that answers to pipelined
 * requests can be batched into one flush.
 *
 * <p>Over a {@link Transport}, file regions go from the file to the socket
 * ({@link Transport#sendFileNow}, sendfile) and never touch the heap; when the socket is
 * full the transport waits for room ({@link Transport#awaitWritable}). The codec never
 * touches a socket itself.
 *
 * <p>When the transport can finish sends without a thread (fixed workers,
 * {@link Transport#canFinishSending()}), a response's bytes that are already fixed, its head
 * and a body in memory or in a file, are not written as the response is written but kept
 * (the body as a reference, see {@link DeferredBody}) and sent by {@link #sendWithoutWaiting},
 * which stops where the client's socket is full instead of waiting, so that the rest can be
 * sent by the transport when the socket has room.
 */
public final class ConnectionOutput extends OutputStream {

    /** A buffer starts small (most answers are small) and grows as far as this. */
    private static final int MAX_BUFFER = 8192;
    private static final int INITIAL_BUFFER = 1024;

    private final OutputStream out;
    /** Where the bytes go, for file transfers and sends that must not wait; null for a plain stream. */
    private final Transport transport;
    /** Whether fixed bodies are kept for {@link #sendWithoutWaiting} rather than written. */
    private final boolean defers;
    private byte[] buf;
    private int count;
    /** Where the buffer's unsent bytes start, after a send that the socket cut short. */
    private int unsentFrom;
    /** While a head is written with deferring on: the buffer grows instead of being flushed. */
    private boolean holdingHead;
    private DeferredBody deferred;
    private long written;

    /** An output over a plain stream (no file transfer, no deferred sends): for tests and benchmarks. */
    public ConnectionOutput(OutputStream out) {
        this.out = out;
        this.transport = null;
        this.defers = false;
    }

    /**
     * An output over {@code transport}; with {@code deferFixedBodies}, what is fixed of each
     * response is kept for {@link #sendWithoutWaiting} (the transport must be able to
     * {@linkplain Transport#canFinishSending() finish sends}).
     */
    public ConnectionOutput(Transport transport, boolean deferFixedBodies) {
        this.out = transport.output();
        this.transport = transport;
        this.defers = deferFixedBodies;
    }

    private void socketWrite(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    /**
     * Makes room for {@code n} more bytes in the buffer, growing it (up to
     * {@link #MAX_BUFFER}) before flushing it, so that a head and a small body still leave in
     * one write; returns false if {@code n} bytes cannot fit even in an empty, full-size buffer.
     */
    private boolean room(int n) throws IOException {
        if (buf == null) {
            buf = new byte[Math.max(INITIAL_BUFFER, Math.min(MAX_BUFFER, Integer.highestOneBit(Math.max(n, 1) - 1) << 1))];
        }
        if (n <= buf.length - count) {
            return true;
        }
        if (count + n > MAX_BUFFER && !holdingHead) {
            flushBuffer();
            if (n > MAX_BUFFER) {
                return false;
            }
        }
        if (count + n > buf.length) {
            int size = Integer.highestOneBit(count + n - 1) << 1;
            buf = java.util.Arrays.copyOf(buf, holdingHead ? size : Math.min(MAX_BUFFER, size));
        }
        return true;
    }

    @Override
    public void write(int b) throws IOException {
        room(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!room(len)) {
            socketWrite(b, off, len);
            written += len;
            return;
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /** Writes a string whose characters are all below 256, one byte each. */
    @SuppressWarnings("deprecation")
    public void writeLatin1(String s) throws IOException {
        int n = s.length();
        if (!room(n)) {
            write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return;
        }
        s.getBytes(0, n, buf, count); // the low byte of each char: a plain copy for Latin-1 strings
        count += n;
    }

    /** Writes a non-negative number in decimal. */
    public void writeDecimal(long value) throws IOException {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value > Integer.MAX_VALUE) {
            writeLatin1(Long.toString(value)); // rare: a body over 2 GiB
            return;
        }
        int v = (int) value;
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : stringSize(v);
        room(digits);
        for (int i = count + digits - 1; i >= count; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        count += digits;
    }

    private static int stringSize(int v) {
        int digits = 1;
        for (; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }

    /** Whether {@link #transferFrom} can send without copying through the heap. */
    public boolean canTransferFiles() {
        return transport != null;
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}, after what is buffered. */
    public void transferFrom(FileChannel file, long position, long length) throws IOException {
        flushBuffer();
        long end = position + length;
        while (position < end) {
            long n = transport.sendFileNow(file, position, end - position);
            if (n <= 0) {
                if (position >= file.size()) {
                    throw new IOException("file shrank while it was being sent");
                }
                // The send buffer is full. Retrying at once would spin a core for as long as a
                // slow client reads: wait until the socket has room, as an event loop would.
                // The wait is watched like a write, so the server's watchdog closes a client
                // that stopped reading; closing ends it.
                transport.awaitWritable();
                continue;
            }
            position += n;
            written += n;
        }
    }

    /** Whether fixed bodies are kept for {@link #sendWithoutWaiting} (fixed workers). */
    public boolean defersFixedBodies() {
        return defers;
    }

    /**
     * With deferring on, a response head is kept whole, however large (the handler's fields
     * are in memory already), so that writing it never waits for the client; off, as usual.
     */
    void holdHead(boolean hold) {
        holdingHead = hold;
    }

    /** Whether {@code n} more bytes fit in the buffer without flushing it. */
    boolean fits(long n) {
        return count + n <= MAX_BUFFER;
    }

    /** Keeps {@code bytes} to be sent after what is buffered, by {@link #sendWithoutWaiting}. */
    void defer(byte[] bytes) {
        setDeferred(new DeferredBody.InMemory(bytes));
    }

    /** Keeps a region of {@code file}, which this output now closes, to be sent by {@link #sendWithoutWaiting}. */
    void defer(FileChannel file, long position, long length) {
        setDeferred(new DeferredBody.FileRegion(file, position, length));
    }

    private void setDeferred(DeferredBody body) {
        if (deferred != null) {
            body.release();
            throw new IllegalStateException("the body deferred before has not been sent");
        }
        deferred = body;
    }

    /** Whether bytes wait to be sent: buffered, or a deferred body. */
    public boolean unsent() {
        return count > 0 || deferred != null;
    }

    /**
     * Sends what is buffered, then the deferred body, as far as the socket takes them now;
     * returns whether everything went. The socket must be in non-blocking mode. A write
     * that the socket cuts short means its send buffer is full: it stops there rather than
     * trying again at once.
     */
    public boolean sendWithoutWaiting() throws IOException {
        while (count > 0) {
            int offered = count - unsentFrom;
            int n = transport.sendNow(ByteBuffer.wrap(buf, unsentFrom, offered));
            written += n;
            if (n < offered) {
                unsentFrom += n;
                return false;
            }
            count = 0;
            unsentFrom = 0;
            if (buf.length > MAX_BUFFER) {
                buf = null; // grown for a large head: not kept
            }
        }
        while (deferred != null) {
            long before = deferred.remaining();
            boolean tookAll = deferred.sendTo(transport);
            written += before - deferred.remaining();
            if (deferred.remaining() == 0) {
                deferred.release();
                deferred = null;
            } else if (!tookAll) {
                return false;
            }
        }
        return true;
    }

    /** Forgets what was not sent and closes the file a deferred body holds (the connection ends). */
    public void discardUnsent() {
        if (deferred != null) {
            deferred.release();
            deferred = null;
        }
        count = 0;
        unsentFrom = 0;
    }

    /** Bytes handed to the socket so far (not counting what is still buffered). */
    public long bytesWritten() {
        return written;
    }

    /** Bytes waiting in the buffer. */
    public int pending() {
        return count;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            socketWrite(buf, 0, count);
            written += count;
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Drops the buffer of an idle connection; it is allocated again on the next write. */
    public void release() {
        if (count == 0) {
            buf = null;
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
