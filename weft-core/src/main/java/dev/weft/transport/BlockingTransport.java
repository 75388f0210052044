package dev.weft.transport;

import dev.weft.protocol.Arrival;
import dev.weft.protocol.PendingSend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The transport with fixed workers: a socket a worker reads and writes with blocking calls
 * (the socket adaptor's streams, with their timeouts), and that waits in the server's
 * {@link WaitingRoom} whenever the connection should not hold a worker: until the bytes that
 * start its next piece of work have arrived ({@link #awaitArrival}), or while the rest of an
 * answer is sent ({@link #finishSending}).
 *
 * <p>Sends that must not wait ({@link #sendNow}) need the socket in non-blocking mode.
 * Switching modes costs two {@code fcntl} calls each way, so after a send the socket is left
 * non-blocking, and the next read first takes what has already arrived without switching
 * back: a client that sent its next request while its answer went out (a busy keep-alive
 * client) costs one {@code write} and one {@code read} per request and no switch. Only a read
 * that finds nothing, or a write that may have to wait, switches to blocking mode.
 *
 * <p>Every blocking write is watched ({@link WriteWatch}): any may hang on a client that does
 * not read. Bytes the waiting room read, or that a protocol gave back, are read first.
 */
public final class BlockingTransport extends SocketTransport {

    private static final long WRITABLE_POLL_MILLIS = 250;

    private final WaitingRoom room;
    /** Bytes read ahead: by the waiting room, or given back. */
    final Carried carried = new Carried();
    private InputStream in;
    private OutputStream out;

    // Touched by the waiting room while the connection waits there (the hand-offs order them).
    /** What the connection waits for in the waiting room, or null. */
    Arrival arrival;
    /** The send the waiting room finishes, or null. */
    PendingSend pending;

    /** A transport over an accepted {@code channel}, waiting in {@code room} when it has no worker. */
    public BlockingTransport(SocketChannel channel, WaitingRoom room, Lingering lingering) {
        super(channel, lingering);
        this.room = room;
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public InputStream input() {
        if (in == null) {
            in = new Input();
        }
        return in;
    }

    @Override
    public OutputStream output() {
        if (out == null) {
            out = new Output();
        }
        return out;
    }

    @Override
    public void readTimeout(int millis) throws IOException {
        channel.socket().setSoTimeout(millis);
    }

    @Override
    public void unread(ByteBuffer bytes) {
        carried.prepend(bytes);
    }

    @Override
    public boolean hasUnread() {
        return !carried.isEmpty();
    }

    /** Puts the socket in non-blocking mode for a send that must not wait (no switch if it is already). */
    private void nonBlocking() throws IOException {
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
    }

    private void blocking() throws IOException {
        if (!channel.isBlocking()) {
            channel.configureBlocking(true);
        }
    }

    @Override
    public int sendNow(ByteBuffer bytes) throws IOException {
        nonBlocking();
        return channel.write(bytes);
    }

    @Override
    public long sendFileNow(FileChannel file, long position, long count) throws IOException {
        nonBlocking();
        return file.transferTo(position, count, channel);
    }

    /**
     * Waits on a selector of its own until the socket can take more bytes (rare: answers whose
     * rest is fixed are finished by the waiting room); the socket stays non-blocking.
     */
    @Override
    public void awaitWritable() throws IOException {
        nonBlocking();
        watch.begin();
        try (Selector selector = Selector.open()) {
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
            }
        } finally {
            watch.end();
        }
    }

    @Override
    public boolean awaitArrival(Arrival arrival) {
        this.pending = null;
        this.arrival = arrival;
        room.enter(this);
        return true;
    }

    @Override
    public boolean canFinishSending() {
        return true;
    }

    @Override
    public void finishSending(PendingSend send) {
        this.arrival = null;
        this.pending = send;
        room.enter(this);
    }

    @Override
    public void closeGently() {
        lingering.lingerAndClose(channel);
    }

    @Override
    public void close() {
        Sockets.closeQuietly(channel);
    }

    /** What the bytes read in the waiting room amount to. */
    enum Progress {
        /** More is still to come. */
        WAITING,
        /** They suffice (or are as many as may be held): the connection needs a worker. */
        ARRIVED,
        /** The peer closed first, or the connection no longer wants them. */
        ENDED
    }

    /**
     * In the waiting room: reads what the socket has, without blocking, through
     * {@code scratch} (shared by the room), and stops as soon as the bytes suffice.
     */
    Progress readArrival(ByteBuffer scratch) {
        Arrival a = arrival;
        int capacity = a.maxBytes();
        try {
            while (carried.length() < capacity) {
                scratch.clear().limit(Math.min(scratch.capacity(), capacity - carried.length()));
                int n = channel.read(scratch);
                if (n < 0) {
                    return carried.length() > 0 && suffices(a, 0) ? Progress.ARRIVED : Progress.ENDED;
                }
                if (n == 0) {
                    return Progress.WAITING;
                }
                boolean first = carried.isEmpty();
                int from = carried.length();
                carried.append(scratch.flip(), capacity);
                if (first && !a.started()) {
                    return Progress.ENDED;
                }
                if (suffices(a, from)) {
                    return Progress.ARRIVED;
                }
            }
        } catch (IOException e) {
            return Progress.ENDED;
        }
        return Progress.ARRIVED; // as many as may be held: the protocol decides what they are
    }

    /**
     * Whether bytes carried in from before the wait already end it: ARRIVED, WAITING, or ENDED
     * if the connection no longer wants them.
     */
    Progress checkCarried() {
        if (carried.isEmpty()) {
            return Progress.WAITING;
        }
        Arrival a = arrival;
        if (!a.started()) {
            return Progress.ENDED;
        }
        return carried.length() >= a.maxBytes() || suffices(a, 0) ? Progress.ARRIVED : Progress.WAITING;
    }

    private boolean suffices(Arrival a, int from) {
        carried.compact();
        return a.suffices(carried.bytes, from, carried.length());
    }

    private final class Input extends InputStream {
        private InputStream blocking;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!carried.isEmpty()) {
                return carried.read(b, off, len);
            }
            if (!channel.isBlocking()) {
                int n = channel.read(ByteBuffer.wrap(b, off, len));
                if (n != 0) {
                    return n;
                }
                blocking();
            }
            if (blocking == null) {
                blocking = channel.socket().getInputStream();
            }
            return blocking.read(b, off, len); // waits, with the socket's read timeout
        }
    }

    private final class Output extends OutputStream {
        private OutputStream blocking;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            watch.begin();
            try {
                blocking();
                if (blocking == null) {
                    blocking = channel.socket().getOutputStream();
                }
                blocking.write(b, off, len);
            } finally {
                watch.end();
            }
        }

        @Override
        public void flush() {
            // nothing is buffered here
        }
    }
}
