package dev.weft.transport;

import dev.weft.protocol.Arrival;
import dev.weft.protocol.PendingSend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The transport in virtual-thread mode: a connection's socket, non-blocking, registered once with the
 * server's {@link SocketPoller}, and read and written through blocking streams that park the
 * connection's thread until the poller says the socket is ready.
 *
 * <p>The thread and the poller meet in one state word:
 * <pre>
 *   RUNNING ─wait─▶ WAITING ─poller: ready─▶ RUNNING         (the thread is unparked)
 *   RUNNING ─poller: ready─▶ READY ─wait─▶ RUNNING            (no park: try again at once)
 *   RUNNING ─park─▶ PARKED ─poller: ready─▶ RUNNING           (a new thread is started)
 *   any ─close─▶ CLOSED                                        (a waiting thread is unparked)
 * </pre>
 * The registration is level-triggered: while the thread waits for an operation, the poller
 * watches for it. When the socket is reported ready while its thread is busy (READY), the
 * poller stops watching it, so that a busy connection is not reported over and over, and the
 * thread asks for watching again the next time it waits.
 *
 * <p>A read that returned fewer bytes than asked for emptied the socket, so the next read
 * waits first instead of trying: on a keep-alive connection that is one read per request.
 *
 * <p>Waiting without a thread ({@link #awaitArrival}) is "the thread ends, the registration
 * stays": when the socket is readable the poller calls the arrival, which starts a new
 * thread. Only a wait for room is timed ({@link WriteWatch}): a write that goes through at
 * once cannot have stalled, and timing it would cost a clock read per answer.
 */
public final class PolledTransport extends SocketTransport {

    private static final int RUNNING = 0;
    private static final int WAITING = 1;
    private static final int READY = 2;
    private static final int PARKED = 3;
    private static final int CLOSED = 4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(PolledTransport.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SocketPoller poller;
    /** Told while a write waits for room in the send buffer: only such a write can stall. */
    private volatile int state = RUNNING;
    /** The thread that waits, or the next one to (a parked connection gets a new thread). */
    private volatile Thread waiter;
    /** The operation the thread wants watched: what the poller registers when asked to update. */
    private volatile int interest;
    /** Touched by the poller, and by {@link #detach()} under this object's lock. */
    private volatile SelectionKey key;
    private boolean detached;
    /** Called by the poller when a parked connection becomes readable. */
    private volatile Arrival onReadable;

    // Touched only by the thread serving the connection (hand-offs order the memory effects).
    /** The operation this thread last asked the poller to watch; 0 once the poller stopped. */
    private int armed;
    /** Whether the last read emptied the socket, so the next one should wait first. */
    private boolean drained;
    private long readTimeoutNanos;
    /** Whether the socket has been put in non-blocking mode (the accepted socket blocks). */
    private boolean nonBlocking;
    /** Bytes given back, read before the socket's. */
    private final Carried carried = new Carried();
    private final Input input = new Input();
    private final Output output = new Output();

    /** A transport over an accepted {@code channel}, waiting on {@code poller}. */
    public PolledTransport(SocketChannel channel, SocketPoller poller, Lingering lingering) {
        super(channel, lingering);
        this.poller = poller;
    }

    private void ensureNonBlocking() throws IOException {
        if (!nonBlocking) {
            channel.configureBlocking(false);
            nonBlocking = true;
        }
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public void readTimeout(int millis) {
        readTimeoutNanos = millis * 1_000_000L;
    }

    @Override
    public void unread(ByteBuffer bytes) {
        carried.prepend(bytes);
    }

    @Override
    public boolean hasUnread() {
        return !carried.isEmpty();
    }

    @Override
    public int sendNow(ByteBuffer bytes) throws IOException {
        ensureNonBlocking();
        return channel.write(bytes);
    }

    @Override
    public long sendFileNow(FileChannel file, long position, long count) throws IOException {
        ensureNonBlocking();
        return file.transferTo(position, count, channel);
    }

    @Override
    public boolean canFinishSending() {
        return false;
    }

    @Override
    public void finishSending(PendingSend send) {
        throw new UnsupportedOperationException("a virtual thread sends its answers itself");
    }

    @Override
    public void closeGently() {
        detach(); // the lingering close reads in blocking mode
        lingering.lingerAndClose(channel);
    }

    /** Waits until a full send buffer can take more bytes, timed by the write watch. */
    @Override
    public void awaitWritable() throws IOException {
        ensureNonBlocking();
        watch.begin();
        try {
            await(SelectionKey.OP_WRITE, 0);
        } finally {
            watch.end();
        }
    }

    /** Drops the buffers wrapped for the last read and write, so an idle connection holds none. */
    void release() {
        input.window.release();
        output.window.release();
    }

    /**
     * Waits for the socket to be ready for {@code op}. Returns when it may be: the caller
     * tries again and comes back if it was not.
     *
     * @throws SocketTimeoutException if {@code timeoutNanos} (when not 0) passes first
     * @throws AsynchronousCloseException if the socket is closed meanwhile
     */
    private void await(int op, long timeoutNanos) throws IOException {
        waiter = Thread.currentThread();
        if (armed != op) {
            arm(op);
        }
        if (!STATE.compareAndSet(this, RUNNING, WAITING)) {
            if (STATE.compareAndSet(this, READY, RUNNING)) {
                // Ready while we were busy, and no longer watched: watch again, try again.
                arm(op);
                return;
            }
            throw new AsynchronousCloseException();
        }
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        while (state == WAITING) {
            if (timeoutNanos > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (STATE.compareAndSet(this, WAITING, RUNNING)) {
                        throw new SocketTimeoutException("read timed out");
                    }
                    break;
                }
                LockSupport.parkNanos(this, left);
            } else {
                LockSupport.park(this);
            }
            if (Thread.currentThread().isInterrupted()) {
                close();
                throw new ClosedByInterruptException();
            }
        }
        if (state == CLOSED) {
            throw new AsynchronousCloseException();
        }
    }

    private void arm(int op) {
        armed = op;
        interest = op;
        poller.update(this);
    }

    /**
     * Lets the connection's thread go while it waits for its next request: when the socket
     * is readable the poller calls {@code arrival}, which starts a new thread. Returns false
     * if the socket is readable already (or closed), or bytes were given back: then the
     * caller reads on.
     */
    @Override
    public boolean awaitArrival(Arrival arrival) {
        if (!carried.isEmpty()) {
            return false;
        }
        try {
            ensureNonBlocking();
        } catch (IOException e) {
            return false; // the read that follows fails
        }
        this.onReadable = arrival;
        waiter = null; // the thread is ending: a parked connection should not keep it reachable
        release();
        if (armed != SelectionKey.OP_READ) {
            arm(SelectionKey.OP_READ);
        }
        if (STATE.compareAndSet(this, RUNNING, PARKED)) {
            return true;
        }
        if (STATE.compareAndSet(this, READY, RUNNING)) {
            arm(SelectionKey.OP_READ);
        }
        return false;
    }

    /** On the poller: registers the socket, or changes what it is watched for. */
    synchronized void applyInterest(Selector selector) {
        if (detached || state == CLOSED) {
            return;
        }
        try {
            if (key == null) {
                key = channel.register(selector, interest, this);
            } else {
                key.interestOps(interest);
            }
        } catch (ClosedChannelException | CancelledKeyException e) {
            // closed meanwhile: whoever closed it has woken the thread
        }
    }

    /** On the poller: the socket is ready for what it is watched for. */
    void ready(SelectionKey readyKey) {
        while (true) {
            switch (state) {
                case WAITING -> {
                    if (STATE.compareAndSet(this, WAITING, RUNNING)) {
                        LockSupport.unpark(waiter);
                        return;
                    }
                }
                case RUNNING -> {
                    if (STATE.compareAndSet(this, RUNNING, READY)) {
                        try {
                            readyKey.interestOps(0); // level-triggered: quiet until the thread waits again
                        } catch (CancelledKeyException e) {
                            // closed or detached meanwhile
                        }
                        return;
                    }
                }
                case PARKED -> {
                    if (STATE.compareAndSet(this, PARKED, RUNNING)) {
                        drained = false; // the new thread reads at once: there is a request
                        onReadable.arrived();
                        return;
                    }
                }
                default -> {
                    return; // READY (the change to quiet is not applied yet) or CLOSED
                }
            }
        }
    }

    /** Closes the socket; a thread waiting on it wakes up with {@link AsynchronousCloseException}. */
    @Override
    public void close() {
        int before = (int) STATE.getAndSet(this, CLOSED);
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (before == WAITING) {
            LockSupport.unpark(waiter);
        }
        if (key != null) {
            // A registered socket is closed by the selector when it next deregisters it (its
            // output is shut down at once, so the client sees the end already).
            poller.wakeup();
        }
    }

    /**
     * Takes the socket out of the poller for good, so that someone else may use it in blocking
     * mode (a lingering close).
     */
    synchronized void detach() {
        detached = true;
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
            poller.wakeup();
        }
    }

    /** A heap buffer wrapped once per array, instead of once per read or write. */
    private static final class Window {
        private byte[] array;
        private ByteBuffer buffer;

        ByteBuffer over(byte[] b, int off, int len) {
            if (b != array) {
                array = b;
                buffer = ByteBuffer.wrap(b);
            }
            buffer.clear();
            buffer.limit(off + len).position(off);
            return buffer;
        }

        void release() {
            array = null;
            buffer = null;
        }
    }

    private final class Input extends InputStream {
        final Window window = new Window();

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!carried.isEmpty()) {
                return carried.read(b, off, len);
            }
            ensureNonBlocking();
            ByteBuffer target = window.over(b, off, len);
            while (true) {
                if (drained) {
                    await(SelectionKey.OP_READ, readTimeoutNanos);
                }
                int n = channel.read(target);
                if (n != 0) {
                    drained = n > 0 && n < len;
                    return n;
                }
                drained = true;
            }
        }
    }

    private final class Output extends OutputStream {
        final Window window = new Window();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /**
         * Writes all of it, waiting for room when the send buffer is full. Only the wait is
         * timed: a write that did not have to wait cannot have stalled, and timing every
         * write would cost a clock read per answer.
         */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureNonBlocking();
            ByteBuffer source = window.over(b, off, len);
            boolean waited = false;
            try {
                while (source.hasRemaining()) {
                    if (channel.write(source) == 0) {
                        if (!waited) {
                            waited = true;
                            watch.begin();
                        }
                        await(SelectionKey.OP_WRITE, 0);
                    }
                }
            } finally {
                if (waited) {
                    watch.end();
                }
            }
        }
    }
}
