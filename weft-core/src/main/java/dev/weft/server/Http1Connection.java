package dev.weft.server;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.http.InvalidHeaderException;
import dev.weft.http.Response;
import dev.weft.http.RequestLimits;
import dev.weft.http1.ChunkedBody;
import dev.weft.http1.ConnectionInput;
import dev.weft.http1.ConnectionOutput;
import dev.weft.http1.FixedLengthBody;
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
 * it starts NEW in the server's {@link ConnectionParking}, not in the pool's queue, and goes
 * there again when it is idle, or when its next head has not arrived in full within
 * {@link #PARK_AFTER_MILLIS} of the worker starting to wait for it. The parking lot reads the
 * head without blocking ({@link ArrivingHead}), moves the connection to ACTIVE at the first
 * byte as a worker would, and queues it for a worker once the head is whole; the worker
 * reads those bytes first ({@link ConnectionInput#preload}). A partial head waiting there is
 * in flight, as it would be on a worker: shutdown waits for it until its header deadline.
 *
 * <p>A fixed worker never waits for a client to read either, as long as what is left of the
 * answer is fixed: its head, and a body in memory or in a file. It sends that without
 * blocking ({@link #sendOrHandOff}); if the client's socket is full, the parking lot sends
 * the rest whenever the socket has room ({@link #sendWhileParked}) and the worker goes back
 * to the pool. The connection stays ACTIVE meanwhile (shutdown waits for it); the write
 * timeout counts the time without progress. When the send is done the connection closes, or
 * waits in the parking lot for its next head, starting with the bytes the client pipelined.
 * Bodies produced by handler code as it runs (streams, streaming writers) are written as
 * they are produced, blocking, each write bounded by the write timeout.
 *
 * <p>Read deadlines are enforced by setting the socket's read timeout, just before each
 * blocking read, to what is left of the current deadline; write stalls are caught by the
 * server's watchdog through {@link WriteWatch}.
 *
 * <p>With fixed workers the socket is a plain blocking one. With virtual threads it is a
 * {@link PolledSocket}: non-blocking, registered with the server's {@link SocketPoller},
 * with reads and writes that park the thread until the poller reports the socket ready.
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
     * How long an idle keep-alive connection keeps its worker (and its buffers) before it is
     * parked: long enough that a client sending its next request at once keeps the fast path.
     * With fixed workers a connection parks at once instead when others wait for a worker.
     */
    static final int PARK_AFTER_MILLIS = 50;

    /**
     * The same for a virtual thread after its second and later requests (it parks at once
     * after its first), which holds no worker while it waits, only memory: it waits longer,
     * so that a busy server whose clients come back within a second (a thousand connections
     * taking turns) does not pay for a new thread on every request.
     */
    static final int VIRTUAL_PARK_AFTER_MILLIS = 1000;

    /**
     * A virtual-thread connection whose client sent its last request within this time of the
     * answer before waits for the next one with an untimed read (no timer per request), and is
     * closed by the watchdog at its idle deadline; it parks only once a slower request has put
     * it back on timed reads. A connection that sends one request and falls silent parks as usual.
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

    private final Server server;
    private final SocketChannel socket;
    /** The socket as the poller sees it (virtual threads), or null (fixed workers, blocking I/O). */
    private final PolledSocket polled;
    private final Handler handler;
    private final RequestLimits limits;
    private final boolean fixedWorkers;
    private final int parkAfterMillis;
    private final long idleNanos;
    private final int readTimeoutMillis;
    private final long headerNanos;
    private final long minBodyRate;
    private final long writeNanos;
    private final AtomicInteger state;
    private final Runnable onFirstByte = this::requestArriving;
    private final WriteWatch writeWatch = new WriteWatch();
    private final long acceptedAt = System.nanoTime();
    private volatile long waitingSince;
    private volatile boolean parked;
    /** While this connection waits for its next request with an untimed read: its idle deadline. */
    private volatile long untimedIdleUntil;
    /** The head arriving while the connection is parked (fixed workers); null while a worker has it. */
    private ArrivingHead arriving;
    /** Fixed workers: the parking lot is sending the rest of an answer. */
    private boolean sendParked;
    /** Fixed workers: the connection closes once the parked send is done. */
    private boolean closeAfterSend;

    // Touched only by the thread serving the connection (hand-offs go through the pool's
    // queue or the parking lot, which order the memory effects).
    private InetSocketAddress remote;
    /** The socket's streams with fixed workers; null with virtual threads. */
    private FixedWorkerSocket fixedSocket;
    private ConnectionInput input;
    private ConnectionOutput output;
    private ResponseWriter writer;
    private Phase phase = Phase.FIRST_REQUEST;
    private long deadline;
    /** Fixed workers: when the worker stops waiting for the next head and parks the connection. */
    private long parkAt;
    private long bodyStart;
    private long bodyBase;
    /** The client may still be sending (an unread body, a refused request): close gently. */
    private boolean lingerOnClose;
    /** Whether the client sent its last request soon after the answer before (virtual threads). */
    private boolean quickClient;
    /** Whether the connection has not answered a request yet (virtual threads park after the first). */
    private boolean firstAnswer = true;
    /** The request went wrong in a way that leaves the connection out of step: close after answering. */
    private boolean closeAfterResponse;

    Http1Connection(Server server, SocketChannel socket, Handler handler, ServerConfig config) {
        this.server = server;
        this.socket = socket;
        this.polled = config.virtualThreads() ? new PolledSocket(socket, server.poller(), writeWatch) : null;
        this.handler = handler;
        this.limits = config.limits();
        this.fixedWorkers = !config.virtualThreads();
        this.parkAfterMillis = fixedWorkers ? PARK_AFTER_MILLIS : VIRTUAL_PARK_AFTER_MILLIS;
        this.idleNanos = config.idleTimeout().toNanos();
        this.readTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.readTimeout().toMillis()));
        this.headerNanos = config.headerTimeout().toNanos();
        this.minBodyRate = config.minBodyRate();
        this.writeNanos = config.writeTimeout().toNanos();
        this.deadline = acceptedAt + headerNanos;
        // A fixed-worker connection starts in the parking lot, waiting for its first byte.
        this.state = new AtomicInteger(fixedWorkers ? NEW : QUEUED);
        this.parked = fixedWorkers;
        this.waitingSince = acceptedAt;
        this.arriving = fixedWorkers ? new ArrivingHead(limits, NOTHING) : null;
    }

    private static final byte[] NOTHING = new byte[0];

    SocketChannel socket() {
        return socket;
    }

    @Override
    public void run() {
        boolean parkedAgain = false;
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
                remote = (InetSocketAddress) socket.getRemoteAddress();
                if (polled != null) {
                    socket.configureBlocking(false);
                    // The polled socket times its own waits for room (writeWatch): a write that
                    // does not wait needs no clock read.
                    output = new ConnectionOutput(polled.output(), socket, ConnectionOutput.WriteTimer.NONE,
                            polled::awaitWritable);
                    input = new ConnectionInput(polled.input(), limits, this::beforeRead);
                } else {
                    fixedSocket = new FixedWorkerSocket(socket);
                    output = ConnectionOutput.deferringFixedBodies(fixedSocket.output(), socket, writeWatch);
                    input = new ConnectionInput(fixedSocket.input(), limits, this::beforeRead);
                }
                writer = new ResponseWriter(output);
            } else {
                parked = false;
                if (state.get() != (fixedWorkers ? ACTIVE : IDLE)) {
                    return; // closed while parked
                }
            }
            if (fixedWorkers) {
                parked = false;
                socket.configureBlocking(true); // the parking lot made it non-blocking
                input.preload(arriving.bytes(), arriving.length()); // the head, in full
                arriving = null;
            }
            parkedAgain = serve();
            if (!parkedAgain) {
                if (fixedWorkers) {
                    parkedAgain = !sendOrHandOff(false);
                } else {
                    output.flush();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
        } finally {
            if (!parkedAgain) {
                close();
            }
        }
    }

    void close() {
        if (output != null) {
            output.discardUnsent(); // an answer cut short: its file is closed now
        }
        boolean wasOpen = state.getAndSet(CLOSED) != CLOSED;
        if (lingerOnClose && wasOpen && socket.isOpen()) {
            if (polled != null) {
                polled.detach(); // the lingering close reads in blocking mode
            }
            server.lingerAndClose(socket);
        } else {
            closeSocket();
        }
        server.connectionClosed(this);
    }

    /** Closes the socket; a thread waiting on it (virtual threads) wakes up and ends. */
    private void closeSocket() {
        if (polled != null) {
            polled.close();
        } else {
            Listener.closeQuietly(socket);
        }
    }

    /** Serves requests until the connection ends (false) or is parked (true). */
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
                    // Part of a head, and no more for a while: wait for the rest in the
                    // parking lot, not on a worker. Shutdown waits for it there.
                    park();
                    return true;
                }
                if (phase == Phase.IDLE && !server.draining() && System.nanoTime() < deadline) {
                    if (park()) {
                        return true;
                    }
                    continue; // the next request came in as it parked
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
            // Idle before the answer goes out, as when it is flushed before the next read: a
            // client that has its answer finds its connection idle (shutdown closes it at once).
            if (fixedWorkers && !sendOrHandOff(true)) {
                return true; // the parking lot sends the rest, then waits for the next head
            }
            long now = System.nanoTime();
            waitingSince = now;
            phase = Phase.IDLE;
            deadline = now + idleNanos;
            parkAt = now + parkAfterMillis * 1_000_000L;
            boolean parkNow = fixedWorkers
                    // Others wait for a worker: wait for the next request in the parking lot instead.
                    ? server.workersContended()
                    // A connection that has sent one request is as likely to fall silent as to
                    // come back. Parking costs a virtual thread no re-registration with the
                    // poller, only a new thread when bytes come; and a thread that ends here
                    // never blocks, so its stack is never copied to the heap (3 KiB each for
                    // ten thousand connections that sent one request and wait).
                    : firstAnswer;
            firstAnswer = false;
            if (parkNow && input.buffered() == 0) {
                output.flush();
                if (park()) {
                    return true;
                }
            }
        }
    }

    /**
     * Lets the idle connection's thread go: a parked connection holds no thread and no
     * buffers, only its socket and this object. Fixed workers hand it to the server's parking
     * lot; with virtual threads it stays with the poller, whose registration is already there,
     * and the watchdog closes it at its idle deadline. Returns false if it did not park,
     * because the next request is already here.
     */
    private boolean park() {
        if (polled == null) {
            arriving = new ArrivingHead(limits, input.takeBuffered()); // part of a head, or nothing
        }
        input.release();
        output.release();
        parked = true;
        if (polled == null) {
            server.park(this);
            return true;
        }
        untimedIdleUntil = deadline;
        if (polled.park(() -> server.resume(this))) {
            return true;
        }
        untimedIdleUntil = 0;
        parked = false;
        return false;
    }

    /**
     * Fixed workers: sends the answer written so far without waiting for the client to read
     * it, and returns true; or, if the client's socket is full, leaves the rest to the
     * parking lot, with the connection, and returns false. Every answer is sent before the
     * next request is served, so the hand-off keeps pipelined answers in order.
     */
    private boolean sendOrHandOff(boolean keepAlive) throws IOException {
        if (!output.unsent()) {
            return true;
        }
        fixedSocket.nonBlocking(); // left so: the next read takes what has arrived without a switch
        if (output.sendWithoutWaiting()) {
            return true;
        }
        if (state.get() == IDLE && !state.compareAndSet(IDLE, ACTIVE)) {
            throw new IOException("closed while its answer was being sent"); // by shutdown, as idle
        }
        closeAfterSend = !keepAlive;
        if (keepAlive) {
            arriving = new ArrivingHead(limits, input.takeBuffered()); // pipelined: served after this answer
        }
        input.release();
        deadline = System.nanoTime() + writeNanos;
        sendParked = true;
        parked = true;
        server.park(this);
        return false;
    }

    /** Flushes pending answers and sets the read timeout to what is left of the deadline. */
    private void beforeRead() throws IOException {
        if (output.pending() > 0) {
            output.flush();
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
        if (polled != null) {
            polled.setReadTimeout(timeout);
        } else {
            socket.socket().setSoTimeout(timeout);
        }
    }

    /** How long the next read may wait, in milliseconds, in the connection's current phase. */
    private long timedReadMillis(long now) throws SocketTimeoutException {
        return switch (phase) {
            case FIRST_REQUEST, HEAD -> {
                long left = remainingMillis(now, "request head not received in time");
                // A fixed worker waits for a head only briefly, however it trickles in.
                yield fixedWorkers ? Math.min(left, parkAfterMillis(now)) : left;
            }
            case IDLE -> Math.min(parkAfterMillis, remainingMillis(now, "idle timeout"));
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

    /** Fixed workers: how long the worker may still wait for the next head before parking. */
    private long parkAfterMillis(long now) throws SocketTimeoutException {
        long left = parkAt - now;
        if (left <= 0) {
            throw new SocketTimeoutException("the rest of the head waits in the parking lot");
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
            request = new Http1Request(head, body, remote, "http"); // a TLS connection will say "https"
        } catch (IllegalArgumentException e) {
            answerError(400, "malformed request path: " + e.getMessage());
            return false;
        }

        closeAfterResponse = false;
        Response response = respond(request);
        boolean keepAlive = head.keepAlive() && !server.draining() && !closeAfterResponse;
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
        server.requestServed();
        return writer.write(response, head.isHttp11(), head.isHead(), keepAlive);
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
     * Whether the connection waits with an untimed read, or is parked with the poller, and
     * has been idle past its deadline.
     */
    boolean untimedIdleExpired(long now) {
        long until = untimedIdleUntil;
        return until != 0 && now - until > 0;
    }

    /**
     * Parked (fixed workers): reads what has arrived without blocking. The first byte makes
     * the connection ACTIVE, as on a worker, and restarts the header timeout of a keep-alive
     * connection; a connection that shutdown closed meanwhile has ENDED.
     */
    ArrivingHead.Progress readWhileParked(java.nio.ByteBuffer scratch) {
        try {
            int before = arriving.length();
            ArrivingHead.Progress progress = arriving.readFrom(socket, scratch);
            if (before == 0 && arriving.length() > 0) {
                requestArriving();
            }
            return state.get() == CLOSED ? ArrivingHead.Progress.ENDED : progress;
        } catch (IOException e) {
            return ArrivingHead.Progress.ENDED;
        }
    }

    /** What became of a parked send's attempt. */
    enum SendProgress {
        /** Part is still to send: the socket is full. */
        WAITING,
        /** All of it went. */
        SENT,
        /** The connection failed or was closed. */
        ENDED
    }

    /** What a connection does once its parked send is done. */
    enum AfterSend {
        /** It closes (the answer said so, or the server is shutting down). */
        CLOSE,
        /** It waits in the parking lot for its next head. */
        WAIT_FOR_HEAD,
        /** Its client pipelined a whole head: it needs a worker. */
        HEAD_ARRIVED
    }

    /** Whether the connection is parked to send the rest of an answer, not to wait for a head. */
    boolean sendingWhileParked() {
        return sendParked;
    }

    /**
     * Parked send (fixed workers): sends what the socket takes now. Any progress restarts
     * the write timeout, which is the time the send may go without progress.
     */
    SendProgress sendWhileParked() {
        try {
            long before = output.bytesWritten();
            boolean sent = output.sendWithoutWaiting();
            if (output.bytesWritten() != before) {
                deadline = System.nanoTime() + writeNanos;
            }
            if (state.get() == CLOSED) {
                return SendProgress.ENDED;
            }
            return sent ? SendProgress.SENT : SendProgress.WAITING;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
            return SendProgress.ENDED;
        }
    }

    /**
     * The parked send is done: the connection goes on as it would have on a worker. If it
     * stays open it is idle, or, if its client pipelined the next request, that request has
     * arrived (from now, as far as the header timeout is concerned).
     */
    AfterSend afterParkedSend() {
        sendParked = false;
        output.release();
        if (closeAfterSend || server.draining() || !state.compareAndSet(ACTIVE, IDLE)) {
            return AfterSend.CLOSE;
        }
        long now = System.nanoTime();
        waitingSince = now;
        phase = Phase.IDLE;
        deadline = now + idleNanos;
        if (arriving.length() == 0) {
            return AfterSend.WAIT_FOR_HEAD;
        }
        requestArriving();
        if (state.get() != ACTIVE) {
            return AfterSend.CLOSE; // shut down meanwhile
        }
        return arriving.isWhole() ? AfterSend.HEAD_ARRIVED : AfterSend.WAIT_FOR_HEAD;
    }

    /**
     * Whether a parked connection is past its deadline: the header deadline while it is new
     * or has part of a head, the idle deadline while it is idle, the write timeout from its
     * last progress while it sends.
     */
    boolean parkedDeadlinePassed(long now) {
        return now - deadline > 0;
    }

    /**
     * Ends a parked connection whose deadline has passed: a silent one (new or idle), or one
     * whose client stopped reading its answer, is just closed; one with part of a head gets
     * {@code 408}, written by the parking thread without blocking.
     */
    void expireParked() {
        if (sendParked) {
            LOG.log(System.Logger.Level.DEBUG, "dropping a client that stopped reading");
            closeParked();
            return;
        }
        if (state.compareAndSet(ACTIVE, CLOSED)) {
            server.timeOut(socket);
            server.connectionClosed(this);
        } else {
            closeParked();
        }
    }

    /** Whether one write to the client has been blocked for longer than {@code limitNanos}. */
    boolean writeStalled(long limitNanos, long now) {
        return writeWatch.stalledLongerThan(limitNanos, now);
    }

    /** Closes the connection if it is idle between requests; returns whether it did. */
    boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            closeSocket();
            if (parked) {
                server.connectionClosed(this); // no thread of its own will do it
            }
            return true;
        }
        return false;
    }

    /** Closes a parked connection (ended, or one it must not serve). */
    void closeParked() {
        if (output != null) {
            output.discardUnsent();
        }
        state.set(CLOSED);
        closeSocket();
        server.connectionClosed(this);
    }

    /**
     * Closes the connection if it has been waiting for its first byte since before
     * {@code sinceNanos}; returns whether it did.
     */
    boolean closeIfSilentSince(long sinceNanos) {
        if (state.get() == NEW && waitingSince - sinceNanos < 0 && state.compareAndSet(NEW, CLOSED)) {
            closeSocket();
            if (parked) {
                server.connectionClosed(this); // no thread of its own will do it
            }
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
        if (polled != null) {
            polled.detach();
        }
        state.set(CLOSED);
        server.connectionClosed(this);
    }

    /** Closes the connection whatever it is doing (a deadline has passed). */
    void forceClose() {
        state.set(CLOSED);
        closeSocket();
        if (parked) {
            server.connectionClosed(this);
        }
    }
}
