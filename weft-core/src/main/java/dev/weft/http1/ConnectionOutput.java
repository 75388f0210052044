package dev.weft.http1;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The write side of one HTTP/1.1 connection: a buffer in front of the socket so that a
 * response head and a small body leave in one write, and so that answers to pipelined
 * requests can be batched into one flush.
 *
 * <p>When the transport exposes a channel, file regions go from the file to the socket with
 * {@link FileChannel#transferTo} and never touch the heap.
 */
public final class ConnectionOutput extends OutputStream {

    /** A buffer starts small (most answers are small) and grows as far as this. */
    private static final int MAX_BUFFER = 8192;
    private static final int INITIAL_BUFFER = 1024;
    /** How often a wait for a full send buffer to drain checks that the socket is still open. */
    private static final long WRITABLE_POLL_MILLIS = 250;

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

    /**
     * Waits until a socket whose send buffer was full can take more bytes; it may return
     * early (the caller tries again) and throws if the socket is closed meanwhile.
     */
    @FunctionalInterface
    public interface WritableWait {
        void await() throws IOException;
    }

    private final OutputStream out;
    private final SocketChannel channel;
    private final WriteTimer timer;
    private final WritableWait writableWait;
    private byte[] buf;
    private int count;
    private long written;

    /**
     * @param out     the socket's output stream
     * @param channel the same socket as a channel for zero-copy file transfer, or {@code null}
     */
    public ConnectionOutput(OutputStream out, SocketChannel channel) {
        this(out, channel, WriteTimer.NONE);
    }

    /** As above, with every socket write reported to {@code timer}. */
    public ConnectionOutput(OutputStream out, SocketChannel channel, WriteTimer timer) {
        this(out, channel, timer, null);
    }

    /**
     * As above, for a socket that the caller keeps in non-blocking mode: {@code writableWait}
     * waits for a full send buffer to drain. Without one, a selector of its own is opened for
     * the wait, with the socket switched to non-blocking mode for its duration.
     */
    public ConnectionOutput(OutputStream out, SocketChannel channel, WriteTimer timer, WritableWait writableWait) {
        this.out = out;
        this.channel = channel;
        this.timer = timer;
        this.writableWait = writableWait;
    }

    private void socketWrite(byte[] b, int off, int len) throws IOException {
        timer.begin();
        try {
            out.write(b, off, len);
        } finally {
            timer.end();
        }
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
        if (count + n > MAX_BUFFER) {
            flushBuffer();
            if (n > MAX_BUFFER) {
                return false;
            }
        }
        if (count + n > buf.length) {
            int size = Math.min(MAX_BUFFER, Integer.highestOneBit(count + n - 1) << 1);
            buf = java.util.Arrays.copyOf(buf, size);
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
        return channel != null;
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}, after what is buffered. */
    public void transferFrom(FileChannel file, long position, long length) throws IOException {
        flushBuffer();
        long end = position + length;
        Selector writable = null;
        try {
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
                    // The socket is non-blocking underneath (a virtual thread, or a read timeout
                    // on the socket adaptor), so transferTo returns 0 when the send buffer is full
                    // instead of waiting. Retrying at once would spin a core for as long as a slow
                    // client reads: wait until the socket has room, as an event loop would. The
                    // wait is timed like a write, so the server's watchdog closes a client that
                    // stopped reading; closing ends it.
                    timer.begin();
                    try {
                        if (writableWait != null) {
                            writableWait.await();
                        } else {
                            if (writable == null) {
                                writable = Selector.open();
                            }
                            awaitWritable(writable);
                        }
                    } finally {
                        timer.end();
                    }
                    continue;
                }
                position += n;
                written += n;
            }
        } finally {
            if (writable != null) {
                writable.close();
            }
        }
    }

    /**
     * Waits on a selector of its own until the socket can take more bytes. The socket is
     * switched to non-blocking mode for the wait (a selector needs that) and back afterwards.
     */
    private void awaitWritable(Selector selector) throws IOException {
        channel.configureBlocking(false);
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        try {
            while (selector.select(WRITABLE_POLL_MILLIS) == 0) {
                if (!channel.isOpen()) {
                    throw new ClosedChannelException();
                }
            }
        } finally {
            key.cancel();
            selector.selectNow(); // deregisters the channel, which may then block (or close) again
            if (channel.isOpen()) {
                channel.configureBlocking(true);
            }
        }
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
