package dev.weft.server;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.http1.ChunkedBody;
import dev.weft.http1.ConnectionInput;
import dev.weft.http1.ConnectionOutput;
import dev.weft.http1.FixedLengthBody;
import dev.weft.http1.Http1Limits;
import dev.weft.http1.ProtocolException;
import dev.weft.http1.RequestBody;
import dev.weft.http1.RequestHead;
import dev.weft.http1.ResponseWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP/1.1 connection, served by one thread at a time: the job the pool runs.
 *
 * <p>States, and the timer that applies in each:
 * <pre>
 *   QUEUED ─worker─▶ NEW ─first byte─▶ ACTIVE ─response sent, keep-alive─▶ IDLE ─first byte─▶ ACTIVE …
 *                     │ headerTimeout    │ headerTimeout for the head,       │ idleTimeout
 *                     │ from accept      │ minBodyRate for the body,         │ (fixed workers: parked
 *                     │                  │ writeTimeout per write            │  outside the pool)
 *                     └──────────────────┴───── close / error / EOF ─────────┴──▶ CLOSED
 * </pre>
 * QUEUED is accepted and waiting for a worker (fixed-worker mode). NEW is running and
 * waiting for the first byte. IDLE is a keep-alive connection between requests: shutdown
 * closes it at once. A NEW connection that stays silent is idle too, but its request may
 * already be on its way, so shutdown gives it {@link #FIRST_BYTE_GRACE_NANOS} before closing
 * it. ACTIVE is a request being read, handled or answered: shutdown lets it finish and
 * answers it with {@code Connection: close}. Moves out of NEW and IDLE are compare-and-set,
 * so shutdown and the arrival of a request cannot both win.
 *
 * <p>Read deadlines are enforced by setting the socket's read timeout, just before each
 * blocking read, to what is left of the current deadline; write stalls are caught by the
 * server's watchdog through {@link WriteWatch}.
 */
final class Http1Connection implements Runnable {

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());

    static final int QUEUED = 0;
    static final int NEW = 1;
    static final int IDLE = 2;
    static final int ACTIVE = 3;
    static final int CLOSED = 4;

    /** During shutdown, how long a silent new connection may wait for its request to arrive. */
    static final long FIRST_BYTE_GRACE_NANOS = 1_000_000_000L;

    /**
     * With fixed workers, how long an idle keep-alive connection keeps its worker before it is
     * parked: long enough that a client sending its next request at once keeps the fast path.
     */
    static final int PARK_AFTER_MILLIS = 50;

    /** Which deadline applies to the next read. */
    private enum Phase { FIRST_REQUEST, IDLE, HEAD, BODY }

    private final Server server;
    private final SocketChannel socket;
    private final Handler handler;
    private final Http1Limits limits;
    private final boolean parkWhenIdle;
    private final long idleNanos;
    private final int readTimeoutMillis;
    private final long headerNanos;
    private final long minBodyRate;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final WriteWatch writeWatch = new WriteWatch();
    private final long acceptedAt = System.nanoTime();
    private volatile long waitingSince;
    private volatile boolean parked;

    // Touched only by the thread serving the connection (hand-offs go through the pool's
    // queue or the parking lot, which order the memory effects).
    private InetSocketAddress remote;
    private ConnectionInput input;
    private ConnectionOutput output;
    private ResponseWriter writer;
    private Phase phase = Phase.FIRST_REQUEST;
    private long deadline;
    private long bodyStart;
    private long bodyBase;
    /** The client may still be sending (an unread body, a refused request): close gently. */
    private boolean lingerOnClose;

    Http1Connection(Server server, SocketChannel socket, Handler handler, ServerConfig config) {
        this.server = server;
        this.socket = socket;
        this.handler = handler;
        this.limits = config.limits();
        this.parkWhenIdle = !config.virtualThreads();
        this.idleNanos = config.idleTimeout().toNanos();
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.readTimeout().toMillis()));
        this.headerNanos = config.headerTimeout().toNanos();
        this.minBodyRate = config.minBodyRate();
        this.deadline = acceptedAt + headerNanos;
    }

    SocketChannel socket() {
        return socket;
    }

    @Override
    public void run() {
        boolean parkedAgain = false;
        try {
            if (input == null) {
                waitingSince = System.nanoTime();
                if (!state.compareAndSet(QUEUED, NEW)) {
                    return;
                }
                remote = (InetSocketAddress) socket.getRemoteAddress();
                output = new ConnectionOutput(socket.socket().getOutputStream(), socket, writeWatch);
                input = new ConnectionInput(socket.socket().getInputStream(), limits, this::beforeRead);
                writer = new ResponseWriter(output);
            } else {
                parked = false;
                if (state.get() != IDLE) {
                    return; // closed while parked
                }
                socket.configureBlocking(true);
            }
            parkedAgain = serve();
            if (!parkedAgain) {
                output.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
        } finally {
            if (!parkedAgain) {
                close();
            }
        }
    }

    private void close() {
        boolean wasOpen = state.getAndSet(CLOSED) != CLOSED;
        if (lingerOnClose && wasOpen && socket.isOpen()) {
            server.lingerAndClose(socket);
        } else {
            Listener.closeQuietly(socket);
        }
        server.connectionClosed(this);
    }

    /** Serves requests until the connection ends (false) or is parked (true). */
    private boolean serve() throws IOException {
        while (true) {
            RequestHead head;
            try {
                head = input.readHead(this::requestArriving);
            } catch (ProtocolException e) {
                answerError(e.status(), e.getMessage());
                return false;
            } catch (SocketTimeoutException e) {
                if (phase == Phase.IDLE && parkWhenIdle && !server.draining() && System.nanoTime() < deadline) {
                    parked = true;
                    server.park(this);
                    return true;
                }
                if (state.get() == ACTIVE) {
                    answerError(408, "request head not received in time");
                }
                return false;
            }
            if (head == null || state.get() != ACTIVE) {
                return false; // clean close by the peer, or shut down while idle
            }
            if (!exchange(head)) {
                return false;
            }
            if (!state.compareAndSet(ACTIVE, IDLE) || server.draining()) {
                return false;
            }
            long now = System.nanoTime();
            waitingSince = now;
            phase = Phase.IDLE;
            deadline = now + idleNanos;
        }
    }

    /** Flushes pending answers and sets the read timeout to what is left of the deadline. */
    private void beforeRead() throws IOException {
        if (output.pending() > 0) {
            output.flush();
        }
        long now = System.nanoTime();
        long timeoutMillis;
        switch (phase) {
            case FIRST_REQUEST, HEAD -> timeoutMillis = remainingMillis(now, "request head not received in time");
            case IDLE -> timeoutMillis = parkWhenIdle
                    ? Math.min(PARK_AFTER_MILLIS, remainingMillis(now, "idle timeout"))
                    : remainingMillis(now, "idle timeout");
            default -> {
                timeoutMillis = readTimeoutMillis;
                if (minBodyRate > 0) {
                    long received = input.received() - bodyBase;
                    deadline = bodyStart + headerNanos + (long) (received * (1e9 / minBodyRate));
                    timeoutMillis = Math.min(timeoutMillis, remainingMillis(now, "request body arriving too slowly"));
                }
            }
        }
        socket.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    }

    private long remainingMillis(long now, String why) throws SocketTimeoutException {
        long left = deadline - now;
        if (left <= 0) {
            throw new SocketTimeoutException(why);
        }
        return Math.max(1, (left + 999_999) / 1_000_000);
    }

    /** The first byte of a request is here: from now on shutdown waits for this connection. */
    private void requestArriving() {
        if (state.compareAndSet(NEW, ACTIVE)) {
            phase = Phase.HEAD; // the deadline still counts from the accept
        } else if (state.compareAndSet(IDLE, ACTIVE)) {
            phase = Phase.HEAD;
            deadline = System.nanoTime() + headerNanos;
        }
    }

    /** Serves one request; returns whether the connection stays open for another. */
    private boolean exchange(RequestHead head) throws IOException {
        phase = Phase.BODY;
        bodyStart = System.nanoTime();
        bodyBase = input.received() - input.buffered();
        RequestBody body = head.contentLength() == 0 ? RequestBody.Empty.INSTANCE
                : head.contentLength() == RequestHead.CHUNKED ? new ChunkedBody(input, limits)
                : new FixedLengthBody(input, head.contentLength());
        if (head.expectContinue()) {
            body.beforeFirstRead(() -> {
                try {
                    writer.writeContinue();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        Http1Request request;
        try {
            request = new Http1Request(head, body, remote);
        } catch (IllegalArgumentException e) {
            answerError(400, "malformed request path: " + e.getMessage());
            return false;
        }

        Outcome outcome = respond(request);
        boolean keepAlive = head.keepAlive() && !server.draining() && !outcome.closeAfter;
        if (!body.isComplete() && keepAlive) {
            // The next request starts after this body: read what the handler left, within bounds.
            // A client still waiting for 100 Continue has not sent it, so close instead.
            boolean clientWaiting = head.expectContinue() && !body.started();
            if (clientWaiting || !body.drain(limits.maxDrainBytes())) {
                keepAlive = false;
            }
        }
        if (!body.isComplete() || body.isBroken()) {
            keepAlive = false;
            lingerOnClose = true;
        }
        server.requestServed();
        return writer.write(outcome.response, head.isHttp11(), head.isHead(), keepAlive);
    }

    private record Outcome(Response response, boolean closeAfter) {
    }

    private Outcome respond(Http1Request request) {
        try {
            Response response = handler.handle(request);
            if (response == null) {
                LOG.log(System.Logger.Level.ERROR, "handler returned no response for " + request);
                return new Outcome(Response.error(500, "Internal Server Error\n"), false);
            }
            return new Outcome(response, false);
        } catch (HttpException e) {
            return new Outcome(ErrorResponses.of(request, e), false);
        } catch (Exception | StackOverflowError e) {
            // A failure while reading the body means the connection is out of step: answer and close.
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof ProtocolException p) {
                    return new Outcome(Response.error(p.status(), p.getMessage() + "\n"), true);
                }
                if (cause instanceof SocketTimeoutException) {
                    return new Outcome(Response.error(408, "request body not received in time\n"), true);
                }
                cause = cause.getCause();
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                LOG.log(System.Logger.Level.DEBUG, () -> "I/O failure in handler for " + request + ": " + e);
                return new Outcome(Response.error(500, "Internal Server Error\n"), true);
            }
            LOG.log(System.Logger.Level.ERROR, "handler failed for " + request, e);
            return new Outcome(Response.error(500, "Internal Server Error\n"), false);
        }
    }

    private void answerError(int status, String message) throws IOException {
        state.set(ACTIVE);
        lingerOnClose = true;
        writer.write(Response.error(status, message + "\n"), true, false, false);
        output.flush();
    }

    /** Whether a parked connection has been idle past its deadline. */
    boolean idleExpired(long now) {
        return now - deadline > 0;
    }

    /** Whether one write to the client has been blocked for longer than {@code limitNanos}. */
    boolean writeStalled(long limitNanos, long now) {
        return writeWatch.stalledLongerThan(limitNanos, now);
    }

    /** Closes the connection if it is idle between requests; returns whether it did. */
    boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            Listener.closeQuietly(socket);
            if (parked) {
                server.connectionClosed(this); // no thread of its own will do it
            }
            return true;
        }
        return false;
    }

    /** Closes a parked connection whose idle time is up. */
    void closeIdle() {
        if (!closeIfIdle()) {
            Listener.closeQuietly(socket);
            server.connectionClosed(this);
        }
    }

    /**
     * Closes the connection if it has been waiting for its first byte since before
     * {@code sinceNanos}; returns whether it did.
     */
    boolean closeIfSilentSince(long sinceNanos) {
        if (state.get() == NEW && waitingSince - sinceNanos < 0 && state.compareAndSet(NEW, CLOSED)) {
            Listener.closeQuietly(socket);
            return true;
        }
        return false;
    }

    /** Whether the connection is idle (between requests, or parked). */
    boolean isIdle() {
        return state.get() == IDLE;
    }

    /** Forgets a parked connection whose socket has been handed to someone else to close. */
    void abandon() {
        state.set(CLOSED);
        server.connectionClosed(this);
    }

    /** Closes the connection whatever it is doing (a deadline has passed). */
    void forceClose() {
        state.set(CLOSED);
        Listener.closeQuietly(socket);
        if (parked) {
            server.connectionClosed(this);
        }
    }
}
