package dev.weft.http1;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.http.InvalidHeaderException;
import dev.weft.http.ProtocolSwitch;
import dev.weft.http.RequestLimits;
import dev.weft.http.Response;
import dev.weft.protocol.Arrival;
import dev.weft.protocol.ConnectionContext;
import dev.weft.protocol.PendingSend;
import dev.weft.protocol.Protocol;
import dev.weft.protocol.ServerConnection;
import dev.weft.protocol.Threading;
import dev.weft.protocol.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One HTTP/1.1 connection, served by one thread at a time: the job the pool runs.
 *
 * <p>States, and the timer that applies in each:
 * <pre>
 *   QUEUED ─thread─▶ NEW ─first byte─▶ ACTIVE ─response sent, keep-alive─▶ IDLE ─first byte─▶ ACTIVE …
 *                     │ headerTimeout    │ headerTimeout for the head,       │ idleTimeout
 *                     │ from accept      │ minBodyRate for the body,         │
 *                     │                  │ writeTimeout per write            │
 *                     └──────────────────┴───── close / error / EOF ─────────┴──▶ CLOSED
 * </pre>
 * QUEUED is accepted and waiting for its virtual thread. NEW is waiting for the first byte.
 * IDLE is a keep-alive connection between requests: shutdown
 * closes it at once. A NEW connection that stays silent is idle too, but its request may
 * already be on its way, so shutdown gives it {@link #FIRST_BYTE_GRACE_NANOS} before closing
 * it. ACTIVE is a request being read, handled or answered: shutdown lets it finish and
 * answers it with {@code Connection: close}. Moves out of NEW and IDLE are compare-and-set,
 * so shutdown and the arrival of a request cannot both win.
 *
 * <p>With fixed workers a connection holds a worker only while a request's head is whole:
 * it starts NEW waiting without a thread ({@link Transport#awaitArrival}, the transport's
 * waiting room), not in the pool's queue, and waits there again when it is idle, or when its
 * next head has not arrived in full within {@link #RELEASE_AFTER_MILLIS} of the worker starting
 * to wait for it. The transport reads the head without blocking and asks this connection, as
 * its {@link Arrival}, whether the bytes make a whole head ({@link #suffices}); the first
 * byte moves the connection to ACTIVE as a worker would, and once the head is whole the
 * connection is queued for a worker, which reads those bytes first. A partial head waiting
 * there is in flight, as it would be on a worker: shutdown waits for it until its header
 * deadline.
 *
 * <p>A fixed worker never waits for a client to read either, as long as what is left of the
 * answer is fixed: its head, and a body in memory or in a file. It sends that without
 * blocking ({@link #sendOrHandOff}); if the client's socket is full, the transport sends
 * the rest whenever the socket has room (this connection is the {@link PendingSend}) and the
 * worker goes back to the pool. The connection stays ACTIVE meanwhile (shutdown waits for it); the write
 * timeout counts the time without progress. When the send is done the connection closes, or
 * waits in the waiting room for its next head, starting with the bytes the client pipelined.
 * Bodies produced by handler code as it runs (streams, streaming writers) are written as
 * they are produced, blocking, each write bounded by the write timeout.
 *
 * <p>Read deadlines are enforced by setting the socket's read timeout, just before each
 * blocking read, to what is left of the current deadline; write stalls are caught by the
 * server's watchdog through the transport ({@link Transport#writeStalledLongerThan}).
 *
 * <p>How the bytes move, and how a connection waits without a thread, is the
 * {@link Transport}'s business (a polled socket with virtual threads, a blocking one with
 * fixed workers). What differs by {@link Threading} here is policy: how long a thread waits
 * for the next request before letting go, and whether a fixed worker leaves at once when
 * others are queued.
 *
 * <p>A handler may answer {@code 101 Switching Protocols} ({@link Response#switchProtocols}):
 * the connection then hands its transport, with the bytes the client sent after the
 * request, to the other {@link Protocol} and ends without closing it.
 */
public final class Http1Connection implements ServerConnection, Arrival, PendingSend {

    private static final System.Logger LOG = System.getLogger(Http1Connection.class.getName());

    static final int QUEUED = 0;
    static final int NEW = 1;
    static final int IDLE = 2;
    static final int ACTIVE = 3;
    static final int CLOSED = 4;

    /**
     * How long an idle keep-alive connection keeps its worker (and its buffers) before it lets
     * them go: long enough that a client sending its next request at once keeps the fast path.
     * With fixed workers a connection lets its worker go at once instead when others wait for one.
     */
    public static final int RELEASE_AFTER_MILLIS = 50;

    /**
     * The same for a virtual thread after its second and later requests (it lets its thread go at once
     * after its first), which holds no worker while it waits, only memory: it waits longer,
     * so that a busy server whose clients come back within a second (a thousand connections
     * taking turns) does not pay for a new thread on every request.
     */
    public static final int VIRTUAL_RELEASE_AFTER_MILLIS = 1000;

    /**
     * A virtual-thread connection whose client sent its last request within this time of the
     * answer before waits for the next one with an untimed read (no timer per request), and is
     * closed by the watchdog at its idle deadline; it lets its thread go only once a slower request has put
     * it back on timed reads. A connection that sends one request and falls silent lets its thread go as usual.
     */
    static final long QUICK_CLIENT_NANOS = 100_000_000L;

    /**
     * How long the server waits for the rest of a body the handler did not read before it
     * answers. A body sent with its head, or right after it, is here by then and is discarded,
     * and the connection stays open; a body that is not coming (or coming slowly) does not hold
     * the answer back: it goes out with {@code Connection: close}. Without this bound the
     * answer would wait for the read timeout.
     */
    static final long DRAIN_WAIT_NANOS = 100_000_000L;

    /** Which deadline applies to the next read. */
    private enum Phase { FIRST_REQUEST, IDLE, HEAD, BODY, DRAIN }

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final Http1Protocol protocol;
    private final Transport transport;
    private final ConnectionContext context;
    private final Handler handler;
    private final RequestLimits limits;
    private final boolean fixedWorkers;
    /** Whether fixed answers are sent without waiting and finished by the transport (fixed workers). */
    private final boolean defers;
    private final int releaseAfterMillis;
    private final long idleNanos;
    private final int readTimeoutMillis;
    private final long headerNanos;
    private final long minBodyRate;
    private final long writeNanos;
    private final AtomicInteger state;
    private final Runnable onFirstByte = this::requestArriving;
    private final long acceptedAt = System.nanoTime();
    private volatile long waitingSince;
    /** Whether the connection has let its thread go and waits in the transport (poller or waiting room). */
    private volatile boolean threadless;
    /** While this connection waits for its next request with an untimed read: its idle deadline. */
    private volatile long untimedIdleUntil;
    /** Fixed workers: the transport is sending the rest of an answer. */
    private boolean sendingWithoutThread;
    /** Fixed workers: the connection closes once the send without a thread is done. */
    private boolean closeAfterSend;

    // Touched only by the thread serving the connection (hand-offs go through the pool's
    // queue or the waiting room, which order the memory effects).
    private InetSocketAddress remote;
    private ConnectionInput input;
    private ConnectionOutput output;
    private ResponseWriter writer;
    private Phase phase = Phase.FIRST_REQUEST;
    private long deadline;
    /** Fixed workers: when the worker stops waiting for the next head and lets its thread go. */
    private long releaseAt;
    private long bodyStart;
    private long bodyBase;
    /** The client may still be sending (an unread body, a refused request): close gently. */
    private boolean lingerOnClose;
    /** Whether the client sent its last request soon after the answer before (virtual threads). */
    private boolean quickClient;
    /** Whether the connection has not answered a request yet (virtual threads let their thread go after the first). */
    private boolean firstAnswer = true;
    /** The request went wrong in a way that leaves the connection out of step: close after answering. */
    private boolean closeAfterResponse;
    /** The connection has been handed to another protocol (101): its thread ends without closing it. */
    private boolean handedOver;

    Http1Connection(Http1Protocol protocol, Transport transport, ConnectionContext context) {
        this.protocol = protocol;
        this.transport = transport;
        this.context = context;
        this.handler = context.handler();
        this.limits = context.limits();
        this.fixedWorkers = context.threading() == Threading.FIXED_WORKERS;
        this.defers = fixedWorkers && transport.canFinishSending();
        this.releaseAfterMillis = fixedWorkers ? RELEASE_AFTER_MILLIS : VIRTUAL_RELEASE_AFTER_MILLIS;
        this.idleNanos = context.idleTimeout().toNanos();
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, context.readTimeout().toMillis()));
        this.headerNanos = context.headerTimeout().toNanos();
        this.minBodyRate = context.minBodyRate();
        this.writeNanos = context.writeTimeout().toNanos();
        this.deadline = acceptedAt + headerNanos;
        this.state = new AtomicInteger(QUEUED);
        this.waitingSince = acceptedAt;
    }

    /**
     * With virtual threads, asks for a thread at once; with fixed workers, waits without one
     * (NEW) until the first request head has arrived in full.
     */
    @Override
    public void begin() {
        if (fixedWorkers) {
            state.set(NEW);
            threadless = true;
            transport.awaitArrival(this);
            return;
        }
        if (!context.execute(this)) {
            refuse();
        }
    }

    /** The engine has no thread for the connection: {@code 503}, and it is forgotten. */
    private void refuse() {
        state.set(CLOSED);
        context.closed(this);
        protocol.refuse(transport, context.draining() ? "shutting down" : "all workers are busy");
    }

    @Override
    public void run() {
        boolean released = false;
        try {
            if (input == null) {
                if (fixedWorkers) {
                    if (state.get() != ACTIVE) {
                        return; // closed while it waited for a worker
                    }
                } else {
                    waitingSince = System.nanoTime();
                    if (!state.compareAndSet(QUEUED, NEW)) {
                        return;
                    }
                }
                remote = transport.remoteAddress();
                output = new ConnectionOutput(transport, defers);
                input = new ConnectionInput(transport.input(), limits, this::beforeRead);
                writer = new ResponseWriter(output);
            } else if (state.get() != (fixedWorkers ? ACTIVE : IDLE)) {
                return; // closed while it waited without a thread
            }
            threadless = false;
            released = serve();
            if (!released && !handedOver) {
                if (defers) {
                    released = !sendOrHandOff(false);
                } else {
                    output.flush();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
        } finally {
            if (!released && !handedOver) {
                close();
            }
        }
    }

    /** Ends the connection: gently if the client may still be sending, at once otherwise. */
    @Override
    public void close() {
        if (output != null) {
            output.discardUnsent(); // an answer cut short: its file is closed now
        }
        boolean wasOpen = state.getAndSet(CLOSED) != CLOSED;
        if (lingerOnClose && wasOpen && transport.isOpen()) {
            transport.closeGently();
        } else {
            transport.close();
        }
        context.closed(this);
    }

    /** Serves requests until the connection ends (false) or waits without a thread (true). */
    private boolean serve() throws IOException {
        while (true) {
            RequestHead head;
            try {
                head = input.readHead(onFirstByte);
            } catch (ProtocolException e) {
                answerError(e.status(), e.getMessage());
                return false;
            } catch (SocketTimeoutException e) {
                if (fixedWorkers && phase == Phase.HEAD && System.nanoTime() < deadline) {
                    // Part of a head, and no more for a while: wait for the rest without a
                    // worker. Shutdown waits for it there.
                    releaseThread();
                    return true;
                }
                if (phase == Phase.IDLE && !context.draining() && System.nanoTime() < deadline) {
                    if (releaseThread()) {
                        return true;
                    }
                    continue; // the next request came in as it let go
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
            if (!state.compareAndSet(ACTIVE, IDLE) || context.draining()) {
                return false;
            }
            // Idle before the answer goes out, as when it is flushed before the next read: a
            // client that has its answer finds its connection idle (shutdown closes it at once).
            if (defers && !sendOrHandOff(true)) {
                return true; // the transport sends the rest, then waits for the next head
            }
            long now = System.nanoTime();
            waitingSince = now;
            phase = Phase.IDLE;
            deadline = now + idleNanos;
            releaseAt = now + releaseAfterMillis * 1_000_000L;
            boolean releaseNow = fixedWorkers
                    // Others wait for a worker: wait for the next request in the waiting room instead.
                    ? context.threadsContended()
                    // A connection that has sent one request is as likely to fall silent as to
                    // come back. Parking costs a virtual thread no re-registration with the
                    // poller, only a new thread when bytes come; and a thread that ends here
                    // never blocks, so its stack is never copied to the heap (3 KiB each for
                    // ten thousand connections that sent one request and wait).
                    : firstAnswer;
            firstAnswer = false;
            if (releaseNow && input.buffered() == 0) {
                output.flush();
                if (releaseThread()) {
                    return true;
                }
            }
        }
    }

    /**
     * Lets the idle connection's thread go ({@link Transport#awaitArrival}): a threadless
     * connection holds no thread and no buffers, only its transport and this object. With
     * fixed workers the transport's waiting room reads its next head (starting with part of
     * one, given back) and expires it at its deadline; with virtual threads it stays with the
     * poller, whose registration is already there, and the watchdog closes it at its idle
     * deadline. Returns false if it kept its thread, because the next request is already here.
     */
    private boolean releaseThread() {
        if (input.buffered() > 0) {
            transport.unread(ByteBuffer.wrap(input.takeBuffered())); // part of a head
        }
        input.release();
        output.release();
        threadless = true;
        if (!fixedWorkers) {
            untimedIdleUntil = deadline;
        }
        if (transport.awaitArrival(this)) {
            return true;
        }
        untimedIdleUntil = 0;
        threadless = false;
        return false;
    }

    /**
     * Fixed workers: sends the answer written so far without waiting for the client to read
     * it, and returns true; or, if the client's socket is full, leaves the rest to the
     * transport ({@link Transport#finishSending}), with the connection, and returns false.
     * Every answer is sent before the next request is served, so the hand-off keeps pipelined
     * answers in order. The socket is left non-blocking: the next read takes what has arrived
     * without a switch.
     */
    private boolean sendOrHandOff(boolean keepAlive) throws IOException {
        if (!output.unsent()) {
            return true;
        }
        if (output.sendWithoutWaiting()) {
            return true;
        }
        if (state.get() == IDLE && !state.compareAndSet(IDLE, ACTIVE)) {
            throw new IOException("closed while its answer was being sent"); // by shutdown, as idle
        }
        closeAfterSend = !keepAlive;
        if (keepAlive && input.buffered() > 0) {
            transport.unread(ByteBuffer.wrap(input.takeBuffered())); // pipelined: served after this answer
        }
        input.release();
        deadline = System.nanoTime() + writeNanos;
        sendingWithoutThread = true;
        threadless = true;
        transport.finishSending(this);
        return false;
    }

    /** Flushes pending answers and sets the read timeout to what is left of the deadline. */
    private void beforeRead() throws IOException {
        if (output.pending() > 0) {
            output.flush();
        }
        if (transport.hasUnread()) {
            return; // bytes read ahead (by the waiting room, say) come first: the read does not wait
        }
        int timeout;
        if (phase == Phase.IDLE && quickClient) {
            // An untimed read: a timed one costs a timer per request on a virtual thread,
            // about half the server's CPU for a keep-alive request. The server's watchdog
            // closes the connection if its idle deadline passes (see untimedIdleExpired), so
            // this read needs no clock either.
            untimedIdleUntil = deadline;
            timeout = 0;
        } else {
            timeout = (int) Math.min(Integer.MAX_VALUE, timedReadMillis(System.nanoTime()));
        }
        transport.readTimeout(timeout);
    }

    /** How long the next read may wait, in milliseconds, in the connection's current phase. */
    private long timedReadMillis(long now) throws SocketTimeoutException {
        return switch (phase) {
            case FIRST_REQUEST, HEAD -> {
                long left = remainingMillis(now, "request head not received in time");
                // A fixed worker waits for a head only briefly, however it trickles in.
                yield fixedWorkers ? Math.min(left, releaseAfterMillis(now)) : left;
            }
            case IDLE -> Math.min(releaseAfterMillis, remainingMillis(now, "idle timeout"));
            case DRAIN -> Math.min(readTimeoutMillis, remainingMillis(now, "rest of an unread body not received at once"));
            default -> {
                long timeoutMillis = readTimeoutMillis;
                if (minBodyRate > 0) {
                    long received = input.received() - bodyBase;
                    deadline = bodyStart + headerNanos + (long) (received * (1e9 / minBodyRate));
                    timeoutMillis = Math.min(timeoutMillis, remainingMillis(now, "request body arriving too slowly"));
                }
                yield timeoutMillis;
            }
        };
    }

    /** Fixed workers: how long the worker may still wait for the next head before letting the worker go. */
    private long releaseAfterMillis(long now) throws SocketTimeoutException {
        long left = releaseAt - now;
        if (left <= 0) {
            throw new SocketTimeoutException("the rest of the head waits in the waiting room");
        }
        return Math.max(1, (left + 999_999) / 1_000_000);
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
            long now = System.nanoTime();
            untimedIdleUntil = 0;
            quickClient = !fixedWorkers && now - waitingSince < QUICK_CLIENT_NANOS;
            deadline = now + headerNanos;
        }
    }

    /** Serves one request; returns whether the connection stays open for another. */
    private boolean exchange(RequestHead head) throws IOException {
        phase = Phase.BODY;
        if (head.contentLength() != 0) {
            bodyStart = System.nanoTime(); // the body's rate counts from here; no body, no clock read
        }
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
            request = new Http1Request(head, body, remote, transport.isSecure() ? "https" : "http");
        } catch (IllegalArgumentException e) {
            answerError(400, "malformed request path: " + e.getMessage());
            return false;
        }

        closeAfterResponse = false;
        Response response = respond(request);
        if (response.switchTo() != null) {
            return switchProtocols(head, body, response);
        }
        boolean keepAlive = head.keepAlive() && !context.draining() && !closeAfterResponse;
        if (!body.isComplete() && keepAlive) {
            // The next request starts after this body: read what the handler left, within bounds
            // of size and time. A client still waiting for 100 Continue has not sent it, so close.
            boolean clientWaiting = head.expectContinue() && !body.started();
            if (clientWaiting || !drainPromptly(body)) {
                keepAlive = false;
            }
        }
        if (!body.isComplete() || body.isBroken()) {
            keepAlive = false;
            lingerOnClose = true;
        }
        context.requestServed();
        return writer.write(response, head.isHttp11(), head.isHead(), keepAlive);
    }

    /**
     * Answers {@code 101 Switching Protocols} and hands the transport, with the bytes the
     * client sent after the request, to the protocol the response names; returns false (this
     * connection's thread ends, without closing the transport). If the switch cannot be made
     * (not HTTP/1.1, a body left unread, shutting down, not a server protocol), answers an
     * error instead and closes.
     */
    private boolean switchProtocols(RequestHead head, RequestBody body, Response response) throws IOException {
        ProtocolSwitch target = response.switchTo();
        Response refusal = null;
        if (!(target instanceof Protocol)) {
            LOG.log(System.Logger.Level.ERROR, "a handler switched to " + target + ", which is not a server protocol");
            refusal = Response.error(500, "Internal Server Error\n");
        } else if (!head.isHttp11()) {
            refusal = Response.error(400, "a protocol switch needs HTTP/1.1\n");
        } else if (context.draining()) {
            refusal = Response.error(503, "shutting down\n");
        } else if (!body.isComplete() || body.isBroken()) {
            refusal = Response.error(400, "the request body must be read before a protocol switch\n");
            lingerOnClose = true;
        }
        context.requestServed();
        if (refusal != null) {
            response.body().release();
            writer.write(refusal, head.isHttp11(), head.isHead(), false);
            return false;
        }
        writer.writeSwitchingProtocols(response);
        output.flush();
        ByteBuffer rest = input.buffered() > 0 ? ByteBuffer.wrap(input.takeBuffered()) : NOTHING.duplicate();
        input.release();
        output.release();
        state.set(CLOSED);
        handedOver = true;
        ServerConnection next = ((Protocol) target).open(transport, rest, context);
        context.replaced(this, next);
        next.begin();
        return false;
    }

    /**
     * Discards what the handler left of {@code body} if that is at most
     * {@link RequestLimits#maxDrainBytes()} and arrives within {@link #DRAIN_WAIT_NANOS}; returns
     * whether the body is now complete. If not, the body may be broken (a read timed out), and
     * the connection is answered with {@code Connection: close} and closed gently.
     */
    private boolean drainPromptly(RequestBody body) {
        phase = Phase.DRAIN;
        deadline = System.nanoTime() + DRAIN_WAIT_NANOS;
        return body.drain(limits.maxDrainBytes());
    }

    /** The handler's response, or the error to answer instead; a broken body sets {@link #closeAfterResponse}. */
    private Response respond(Http1Request request) {
        try {
            Response response = handler.handle(request);
            if (response == null) {
                LOG.log(System.Logger.Level.ERROR, "handler returned no response for " + request);
                return Response.error(500, "Internal Server Error\n");
            }
            return response;
        } catch (HttpException e) {
            return ErrorResponses.of(request, e);
        } catch (Exception | StackOverflowError e) {
            // A failure while reading the body means the connection is out of step: answer and close.
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof ProtocolException p) {
                    return closeAfter(Response.error(p.status(), p.getMessage() + "\n"));
                }
                if (cause instanceof SocketTimeoutException) {
                    return closeAfter(Response.error(408, "request body not received in time\n"));
                }
                cause = cause.getCause();
            }
            if (e instanceof IOException || e instanceof UncheckedIOException) {
                LOG.log(System.Logger.Level.DEBUG, () -> "I/O failure in handler for " + request + ": " + e);
                return closeAfter(Response.error(500, "Internal Server Error\n"));
            }
            if (e instanceof InvalidHeaderException refused) {
                // A client can provoke this on every request: one line, no stack trace.
                LOG.log(System.Logger.Level.WARNING, "handler for " + request + " set a header that was refused: "
                        + refused.getMessage());
                return Response.error(500, "Internal Server Error\n");
            }
            LOG.log(System.Logger.Level.ERROR, "handler failed for " + request, e);
            return Response.error(500, "Internal Server Error\n");
        }
    }

    private Response closeAfter(Response response) {
        closeAfterResponse = true;
        return response;
    }

    private void answerError(int status, String message) throws IOException {
        state.set(ACTIVE);
        lingerOnClose = true;
        writer.write(Response.error(status, message + "\n"), true, false, false); // sent by run()
    }

    /**
     * Whether the connection waits with an untimed read, or waits without a thread with the poller, and
     * has been idle past its deadline.
     */
    @Override
    public boolean idleExpired(long now) {
        long until = untimedIdleUntil;
        return until != 0 && now - until > 0;
    }

    // As an Arrival: what the transport asks while the connection waits without a thread.

    /** The largest head the limits allow, with the empty lines allowed before it. */
    @Override
    public int maxBytes() {
        return limits.maxHeadBytes() + 2 * ConnectionInput.MAX_LEADING_EMPTY_LINES;
    }

    /**
     * Whether the bytes make a whole head, or ones the parser refuses (answered by a worker,
     * as a head it read itself would be). Only a line end can complete a head, or a request
     * line grown past its limit make it refused: that spares a client that trickles its head
     * byte by byte a scan of the whole head per byte.
     */
    @Override
    public boolean suffices(byte[] bytes, int from, int length) {
        if (length <= limits.maxRequestLineBytes()) {
            boolean lineEnd = false;
            for (int i = from; i < length; i++) {
                if (bytes[i] == '\n' || bytes[i] == '\r') {
                    lineEnd = true;
                    break;
                }
            }
            if (!lineEnd) {
                return false;
            }
        }
        return ConnectionInput.holdsHead(bytes, 0, length, limits);
    }

    /**
     * The first byte of a head while waiting (fixed workers): the connection becomes ACTIVE
     * as on a worker, and a keep-alive connection's header timeout starts.
     */
    @Override
    public boolean started() {
        requestArriving();
        return state.get() != CLOSED;
    }

    /**
     * The header deadline while it is new or has part of a head, the idle deadline while it
     * is idle, the write timeout from its last progress while the transport sends for it.
     */
    @Override
    public long deadline() {
        return deadline;
    }

    /** The head is here (fixed workers), or the socket is readable (virtual threads): a thread, or {@code 503}. */
    @Override
    public void arrived() {
        if (!fixedWorkers && !isIdle()) {
            closeWithoutThread(); // closed by shutdown meanwhile
            return;
        }
        if (!context.execute(this)) {
            refuse();
        }
    }

    /**
     * The deadline passed while waiting: a silent connection (new or idle) is just closed; one
     * with part of a head gets {@code 408}, written without blocking.
     */
    @Override
    public void expired() {
        if (state.compareAndSet(ACTIVE, CLOSED)) {
            Http1Refusals.timeOut(transport);
            context.closed(this);
        } else {
            closeWithoutThread();
        }
    }

    /** The peer closed, or the connection was closed, while it waited. */
    @Override
    public void ended() {
        closeWithoutThread();
    }

    // As a PendingSend: the rest of an answer the transport sends (fixed workers).

    /**
     * Sends what the socket takes now. Any progress restarts the write timeout, which is the
     * time the send may go without progress.
     */
    @Override
    public boolean sendNow() throws IOException {
        long before = output.bytesWritten();
        boolean sent;
        try {
            sent = output.sendWithoutWaiting();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
            throw e;
        }
        if (output.bytesWritten() != before) {
            deadline = System.nanoTime() + writeNanos;
        }
        return sent;
    }

    /**
     * The send is done: the connection goes on as it would have on a worker. If it stays open
     * it is idle and waits for its next head, starting with what its client pipelined.
     */
    @Override
    public Arrival sent() {
        sendingWithoutThread = false;
        output.release();
        if (closeAfterSend || context.draining() || !state.compareAndSet(ACTIVE, IDLE)) {
            return null;
        }
        long now = System.nanoTime();
        waitingSince = now;
        phase = Phase.IDLE;
        deadline = now + idleNanos;
        return this;
    }

    /** The send failed, or its client stopped reading. */
    @Override
    public void abort() {
        closeWithoutThread();
    }

    // As a ServerConnection: what the engine asks.

    @Override
    public boolean writeStalled(long limitNanos, long now) {
        return transport.writeStalledLongerThan(limitNanos, now);
    }

    @Override
    public boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            transport.close();
            if (threadless) {
                context.closed(this); // no thread of its own will do it
            }
            return true;
        }
        return false;
    }

    /** Closes a connection that waits without a thread (ended, or one it must not serve). */
    private void closeWithoutThread() {
        if (output != null) {
            output.discardUnsent();
        }
        state.set(CLOSED);
        transport.close();
        context.closed(this);
    }

    @Override
    public boolean closeIfSilentSince(long sinceNanos) {
        if (state.get() == NEW && waitingSince - sinceNanos < 0 && state.compareAndSet(NEW, CLOSED)) {
            transport.close();
            if (threadless) {
                context.closed(this); // no thread of its own will do it
            }
            return true;
        }
        return false;
    }

    /** Whether the connection is idle (between requests, or waiting without a thread). */
    boolean isIdle() {
        return state.get() == IDLE;
    }

    @Override
    public void forceClose() {
        state.set(CLOSED);
        transport.close();
        if (threadless) {
            context.closed(this);
        }
    }

    @Override
    public String toString() {
        return "HTTP/1.1 connection from " + remote;
    }
}
