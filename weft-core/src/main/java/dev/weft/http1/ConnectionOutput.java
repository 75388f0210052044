package dev.weft.http1;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The write side of one HTTP/1.1 connection: a buffer in front of the socket so that a
 * response head and a small body leave in one write, and so that answers to pipelined
 * requests can be batched into one flush.
 *
 * <p>When the transport exposes a channel, file regions go from the file to the socket with
 * {@link FileChannel#transferTo} and never touch the heap.
 */
public final class ConnectionOutput extends OutputStream {

    private static final int BUFFER_SIZE = 8192;

    /** Told when a socket write starts and ends, so a stalled one can be noticed. */
    public interface WriteTimer {
        void begin();

        void end();

        /** A timer that does nothing. */
        WriteTimer NONE = new WriteTimer() {
            @Override
            public void begin() {
            }

            @Override
            public void end() {
            }
        };
    }

    private final OutputStream out;
    private final WritableByteChannel channel;
    private final WriteTimer timer;
    private byte[] buf;
    private int count;
    private long written;

    /**
     * @param out     the socket's output stream
     * @param channel the same socket as a channel for zero-copy file transfer, or {@code null}
     */
    public ConnectionOutput(OutputStream out, WritableByteChannel channel) {
        this(out, channel, WriteTimer.NONE);
    }

    /** As above, with every socket write reported to {@code timer}. */
    public ConnectionOutput(OutputStream out, WritableByteChannel channel, WriteTimer timer) {
        this.out = out;
        this.channel = channel;
        this.timer = timer;
    }

    private void socketWrite(byte[] b, int off, int len) throws IOException {
        timer.begin();
        try {
            out.write(b, off, len);
        } finally {
            timer.end();
        }
    }

    private byte[] buffer() {
        if (buf == null) {
            buf = new byte[BUFFER_SIZE];
        }
        return buf;
    }

    @Override
    public void write(int b) throws IOException {
        byte[] buffer = buffer();
        if (count == buffer.length) {
            flushBuffer();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] buffer = buffer();
        if (len > buffer.length - count) {
            flushBuffer();
            if (len >= buffer.length) {
                socketWrite(b, off, len);
                written += len;
                return;
            }
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** Writes a string whose characters are all below 256, one byte each. */
    public void writeLatin1(String s) throws IOException {
        int n = s.length();
        byte[] buffer = buffer();
        if (n > buffer.length - count) {
            flushBuffer();
            if (n > buffer.length) {
                write(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            buffer[count + i] = (byte) s.charAt(i);
        }
        count += n;
    }

    /** Writes a non-negative number in decimal. */
    public void writeDecimal(long value) throws IOException {
        writeLatin1(Long.toString(value));
    }

    /** Whether {@link #transferFrom} can send without copying through the heap. */
    public boolean canTransferFiles() {
        return channel != null;
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}, after what is buffered. */
    public void transferFrom(FileChannel file, long position, long length) throws IOException {
        flushBuffer();
        long end = position + length;
        while (position < end) {
            long n;
            timer.begin();
            try {
                n = file.transferTo(position, end - position, channel);
            } finally {
                timer.end();
            }
            if (n <= 0) {
                if (position >= file.size()) {
                    throw new IOException("file shrank while it was being sent");
                }
                // The socket is non-blocking underneath (a virtual thread, or a read timeout on the
                // socket adaptor), so transferTo returns 0 when the send buffer is full instead of
                // waiting. Retrying at once would spin a core for as long as a slow client reads;
                // instead send one buffer's worth through the stream, which parks until the socket
                // drains, then go back to zero-copy. This reuses the connection's buffer: no new heap.
                n = writeThroughBuffer(file, position, end - position);
            }
            position += n;
            written += n;
        }
    }

    private int writeThroughBuffer(FileChannel file, long position, long max) throws IOException {
        byte[] buffer = buffer();
        int n = file.read(java.nio.ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, max)), position);
        if (n <= 0) {
            throw new IOException("file shrank while it was being sent");
        }
        socketWrite(buffer, 0, n); // timed: a client that stops reading is caught by the write watchdog
        return n;
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
