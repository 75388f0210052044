package dev.weft.server;

import dev.weft.protocol.Arrival;
import dev.weft.protocol.ConnectionContext;
import dev.weft.protocol.Protocol;
import dev.weft.protocol.Recognition;
import dev.weft.protocol.ServerConnection;
import dev.weft.protocol.Threading;
import dev.weft.protocol.Transport;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A new connection while the server finds out its protocol, when several are registered: it
 * reads the first bytes (at most {@link #MAX_BYTES}, before the header deadline) and asks the
 * protocols in order; the first whose answer is not {@link Recognition#NO} decides, once it
 * says {@link Recognition#YES}. If all say no, or the bytes run out of room while one still
 * needs more, the last protocol (HTTP/1.1, the default) takes the connection. The chosen
 * protocol opens the connection over the same transport with the bytes read, and it takes
 * this one's place in the engine's set.
 *
 * <p>With virtual threads the bytes are read on the connection's own thread; with fixed
 * workers the transport's waiting room reads them, so a silent client holds no worker here
 * either. A connection that stays silent is closed at the header deadline, and on shutdown
 * after the first-byte grace, like any new connection.
 */
final class ProtocolDetection implements ServerConnection, Arrival {

    private static final System.Logger LOG = System.getLogger(ProtocolDetection.class.getName());

    /** The most first bytes read to tell protocols apart. */
    static final int MAX_BYTES = 256;

    private static final int WAITING = 0;
    private static final int DECIDED = 1;
    private static final int CLOSED = 2;

    private final Transport transport;
    private final List<Protocol> protocols;
    private final ConnectionContext context;
    private final long acceptedAt = System.nanoTime();
    private final long deadline;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile boolean anyByte;
    /** The protocol the waiting room's bytes decided (fixed workers). */
    private Protocol chosen;

    ProtocolDetection(Transport transport, List<Protocol> protocols, ConnectionContext context) {
        this.transport = transport;
        this.protocols = protocols;
        this.context = context;
        this.deadline = acceptedAt + context.headerTimeout().toNanos();
    }

    /** The protocol {@code first} decides, or null if more bytes are needed and may come. */
    private Protocol decide(ByteBuffer first, boolean noMore) {
        for (Protocol p : protocols) {
            Recognition r = p.recognises(first.duplicate());
            if (r == Recognition.YES) {
                return p;
            }
            if (r == Recognition.NEED_MORE) {
                return noMore ? protocols.get(protocols.size() - 1) : null;
            }
        }
        return protocols.get(protocols.size() - 1);
    }

    @Override
    public void begin() {
        if (context.threading() == Threading.FIXED_WORKERS) {
            transport.awaitArrival(this);
        } else if (!context.execute(this)) {
            refuse();
        }
    }

    private void refuse() {
        state.set(CLOSED);
        context.closed(this);
        protocols.get(protocols.size() - 1).refuse(transport, context.draining() ? "shutting down" : "all workers are busy");
    }

    /** Virtual threads: reads the first bytes on this thread, then hands the connection over. */
    @Override
    public void run() {
        byte[] bytes = new byte[MAX_BYTES];
        int n = 0;
        try {
            while (state.get() == WAITING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    close();
                    return;
                }
                transport.readTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
                int r = transport.input().read(bytes, n, bytes.length - n);
                if (r < 0) {
                    if (n == 0) {
                        close();
                        return;
                    }
                    handOver(decide(ByteBuffer.wrap(bytes, 0, n), true), ByteBuffer.wrap(bytes, 0, n));
                    return;
                }
                n += r;
                anyByte = true;
                Protocol p = decide(ByteBuffer.wrap(bytes, 0, n), n == bytes.length);
                if (p != null) {
                    handOver(p, ByteBuffer.wrap(bytes, 0, n));
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection ended before its protocol was known: " + e);
            close();
        }
    }

    private void handOver(Protocol protocol, ByteBuffer alreadyRead) {
        if (!state.compareAndSet(WAITING, DECIDED)) {
            return; // closed meanwhile
        }
        ServerConnection next = protocol.open(transport, alreadyRead, context);
        context.replaced(this, next);
        next.begin();
    }

    private void close() {
        state.set(CLOSED);
        transport.close();
        context.closed(this);
    }

    // Fixed workers: the waiting room reads the first bytes and asks here.

    @Override
    public int maxBytes() {
        return MAX_BYTES;
    }

    @Override
    public boolean suffices(byte[] bytes, int from, int length) {
        chosen = decide(ByteBuffer.wrap(bytes, 0, length), length >= MAX_BYTES);
        return chosen != null;
    }

    @Override
    public boolean started() {
        anyByte = true;
        return state.get() == WAITING;
    }

    @Override
    public long deadline() {
        return deadline;
    }

    /** The bytes decided: they stay in the transport, read first by the chosen protocol. */
    @Override
    public void arrived() {
        Protocol p = chosen != null ? chosen : protocols.get(protocols.size() - 1);
        handOver(p, ByteBuffer.allocate(0));
    }

    @Override
    public void expired() {
        close();
    }

    @Override
    public void ended() {
        close();
    }

    // As a connection the engine tracks.

    @Override
    public boolean closeIfIdle() {
        return false; // a new connection: closed by closeIfSilentSince after its grace
    }

    @Override
    public boolean closeIfSilentSince(long sinceNanos) {
        if (!anyByte && acceptedAt - sinceNanos < 0 && state.compareAndSet(WAITING, CLOSED)) {
            transport.close();
            context.closed(this);
            return true;
        }
        return false;
    }

    @Override
    public void forceClose() {
        close();
    }

    @Override
    public boolean writeStalled(long limitNanos, long now) {
        return false;
    }

    @Override
    public boolean idleExpired(long now) {
        return false;
    }

    @Override
    public String toString() {
        return "a connection whose protocol is not known yet";
    }
}
