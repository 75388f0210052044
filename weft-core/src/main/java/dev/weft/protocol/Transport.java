package dev.weft.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A connected byte stream with deadlines: what a protocol reads from and writes to, whatever
 * carries the bytes. weft has two today, one per execution mode: a non-blocking socket whose
 * waits park a virtual thread on weft's own poller, and a socket that blocks its fixed worker
 * and waits in a selector thread when no worker should hold it. A TLS transport will be a
 * third.
 *
 * <p>One thread uses a transport at a time (the connection's); the engine may call
 * {@link #close()} and {@link #writeStalledLongerThan} from any thread.
 */
public interface Transport {

    /**
     * The read side: a read waits until bytes arrive, the stream ends ({@code -1}), or the
     * read timeout passes ({@link java.net.SocketTimeoutException}). Bytes given back with
     * {@link #unread} come first.
     */
    InputStream input();

    /**
     * The write side: a write returns once the transport has taken all of it, waiting for
     * room as long as it must. A wait for room is watched ({@link #writeStalledLongerThan}).
     */
    OutputStream output();

    /** How long the next reads may wait for bytes, in milliseconds; 0 waits without a limit. */
    void readTimeout(int millis) throws IOException;

    /**
     * Makes {@code bytes} (from its position to its limit) the next bytes {@link #input()}
     * returns, ahead of anything not read yet: bytes read too far, given back. They are copied.
     */
    void unread(ByteBuffer bytes);

    /** Whether bytes given back with {@link #unread} are still waiting to be read. */
    boolean hasUnread();

    /** Writes what the transport takes now, without waiting; returns how many bytes it took. */
    int sendNow(ByteBuffer bytes) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position} without waiting,
     * without copying them through the heap where the transport can; returns how many it took.
     */
    long sendFileNow(FileChannel file, long position, long count) throws IOException;

    /** Waits until the transport can take more bytes (it may return early: try again). Watched like a write. */
    void awaitWritable() throws IOException;

    /**
     * Lets the calling thread go until {@code arrival} says the bytes that start the
     * connection's next piece of work are here; then {@link Arrival#arrived()} runs, on the
     * transport's thread. Returns false, having let nothing go, if bytes are already waiting
     * to be read: the caller reads on.
     *
     * <p>With virtual threads a readable socket is enough ({@link Arrival#suffices} is not
     * asked: a new thread is cheap); with fixed workers the transport reads what arrives into
     * a buffer bounded by {@link Arrival#maxBytes()} and hands it to the next reads.
     */
    boolean awaitArrival(Arrival arrival);

    /**
     * Whether this transport can finish a send without a thread ({@link #finishSending}):
     * true where threads are scarce (fixed workers).
     */
    boolean canFinishSending();

    /**
     * Lets the calling thread go while the transport sends the rest of an answer whose bytes
     * are fixed, as the peer makes room for them.
     *
     * @throws UnsupportedOperationException if {@link #canFinishSending()} is false
     */
    void finishSending(PendingSend send);

    /** Whether one wait for room has lasted longer than {@code limitNanos} at {@code now}. */
    boolean writeStalledLongerThan(long limitNanos, long now);

    /** The local end's address. */
    InetSocketAddress localAddress() throws IOException;

    /** The peer's address. */
    InetSocketAddress remoteAddress() throws IOException;

    /** Whether the bytes are encrypted on the wire (TLS). */
    boolean isSecure();

    /** The application protocol the transport negotiated (ALPN), or null if none was. */
    String applicationProtocol();

    /** Whether the transport is still open. */
    boolean isOpen();

    /**
     * Closes gently: ends the output, then reads and discards what the peer still sends for a
     * moment before closing, so that an answer just written is not destroyed by a reset.
     */
    void closeGently();

    /** Closes at once; a thread waiting on the transport wakes up with an exception. */
    void close();
}
