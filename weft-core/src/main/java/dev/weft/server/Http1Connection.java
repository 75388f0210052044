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
 * One HTTP/1.1 connection, served start to finish by one thread: the job the pool runs.
 *
 * <p>States and the timer that applies in each:
 * <pre>
 *   QUEUED ──worker──▶ NEW ──first byte──▶ ACTIVE ──response sent, keep-alive──▶ IDLE ──first byte──▶ ACTIVE …
 *                       │   (readTimeout)    │  (readTimeout per read)             │  (idleTimeout)
 *                       └────────────────────┴──────── close / error / EOF ────────┴──▶ CLOSED
 * </pre>
 * QUEUED is accepted and waiting for a worker (fixed-worker mode). NEW is running and
 * waiting for the first byte. IDLE is a keep-alive connection between requests: shutdown
 * closes it at once. A NEW connection that stays silent is idle too, but its request may
 * already be on its way, so shutdown gives it {@link #FIRST_BYTE_GRACE_NANOS} before closing
 * it. ACTIVE is a request being read, handled or answered: shutdown lets it finish and
 * answers it with {@code Connection: close}. Moves out of NEW and IDLE are compare-and-set,
 * so shutdown and the arrival of a request cannot both win.
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

    private final Server server;
    private final SocketChannel socket;
    private final Handler handler;
    private final Http1Limits limits;
    private final int idleTimeoutMillis;
    private final int readTimeoutMillis;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private volatile long waitingSince;
    private InetSocketAddress remote;
    private ConnectionOutput output;
    /** The client may still be sending (an unread body, a refused request): close gently. */
    private boolean lingerOnClose;

    Http1Connection(Server server, SocketChannel socket, Handler handler, ServerConfig config) {
        this.server = server;
        this.socket = socket;
        this.handler = handler;
        this.limits = config.limits();
        this.idleTimeoutMillis = toMillis(config.idleTimeout());
        this.readTimeoutMillis = toMillis(config.readTimeout());
    }

    private static int toMillis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    @Override
    public void run() {
        waitingSince = System.nanoTime();
        if (!state.compareAndSet(QUEUED, NEW)) {
            Listener.closeQuietly(socket);
            server.connectionClosed(this);
            return;
        }
        try {
            remote = (InetSocketAddress) socket.getRemoteAddress();
            socket.socket().setSoTimeout(readTimeoutMillis);
            output = new ConnectionOutput(socket.socket().getOutputStream(), socket);
            ConnectionInput input = new ConnectionInput(socket.socket().getInputStream(), limits, this::flushPending);
            serve(input, new ResponseWriter(output));
            output.flush();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "connection " + remote + " ended: " + e);
        } finally {
            boolean wasOpen = state.getAndSet(CLOSED) != CLOSED;
            if (lingerOnClose && wasOpen && socket.isOpen()) {
                server.lingerAndClose(socket);
            } else {
                Listener.closeQuietly(socket);
            }
            server.connectionClosed(this);
        }
    }

    private void flushPending() throws IOException {
        if (output.pending() > 0) {
            output.flush();
        }
    }

    private void serve(ConnectionInput input, ResponseWriter writer) throws IOException {
        boolean first = true;
        while (true) {
            if (!first) {
                if (!state.compareAndSet(ACTIVE, IDLE) || server.draining()) {
                    return;
                }
                socket.socket().setSoTimeout(idleTimeoutMillis);
            }
            RequestHead head;
            try {
                head = input.readHead(this::requestArriving);
            } catch (ProtocolException e) {
                answerError(writer, e.status(), e.getMessage());
                return;
            } catch (SocketTimeoutException e) {
                if (state.get() == ACTIVE) {
                    answerError(writer, 408, "request not received in time");
                }
                return;
            }
            if (head == null || state.get() != ACTIVE) {
                return; // clean close by the peer, or shut down while idle
            }
            first = false;
            if (!exchange(head, input, writer)) {
                return;
            }
        }
    }

    /** The first byte of a request is here: from now on shutdown waits for this connection. */
    private void requestArriving() {
        if (state.compareAndSet(NEW, ACTIVE) || state.compareAndSet(IDLE, ACTIVE)) {
            try {
                socket.socket().setSoTimeout(readTimeoutMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Serves one request; returns whether the connection stays open for another. */
    private boolean exchange(RequestHead head, ConnectionInput input, ResponseWriter writer) throws IOException {
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
            answerError(writer, 400, "malformed request path: " + e.getMessage());
            return false;
        }

        Response response = respond(request);
        boolean keepAlive = head.keepAlive() && !server.draining() && !server.othersWaiting();
        if (!body.isComplete()) {
            // The next request starts after this body: read what the handler left, within bounds.
            // A client still waiting for 100 Continue has not sent it, so close instead.
            boolean clientWaiting = head.expectContinue() && !body.started();
            if (clientWaiting || !body.drain(limits.maxDrainBytes())) {
                keepAlive = false;
                lingerOnClose = true;
            }
        }
        if (body.isBroken()) {
            keepAlive = false;
            lingerOnClose = true;
        }
        server.requestServed();
        return writer.write(response, head.isHttp11(), head.isHead(), keepAlive);
    }

    private Response respond(Http1Request request) {
        try {
            Response response = handler.handle(request);
            if (response == null) {
                LOG.log(System.Logger.Level.ERROR, "handler returned no response for " + request);
                return Response.error(500, "Internal Server Error\n");
            }
            return response;
        } catch (ProtocolException e) {
            // The body broke a rule or a limit while the handler read it.
            return Response.error(e.status(), e.getMessage() + "\n").header("Connection", "close");
        } catch (HttpException e) {
            return ErrorResponses.of(request, e);
        } catch (Exception | StackOverflowError e) {
            if (e.getCause() instanceof ProtocolException p) { // e.g. wrapped in UncheckedIOException
                return Response.error(p.status(), p.getMessage() + "\n").header("Connection", "close");
            }
            LOG.log(System.Logger.Level.ERROR, "handler failed for " + request, e);
            return Response.error(500, "Internal Server Error\n");
        }
    }

    private void answerError(ResponseWriter writer, int status, String message) throws IOException {
        state.set(ACTIVE);
        lingerOnClose = true;
        writer.write(Response.error(status, message + "\n"), true, false, false);
        output.flush();
    }

    /** Closes the connection if it is idle between requests; returns whether it did. */
    boolean closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            Listener.closeQuietly(socket);
            return true;
        }
        return false;
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

    /** Closes the connection whatever it is doing (the shutdown deadline has passed). */
    void forceClose() {
        state.set(CLOSED);
        Listener.closeQuietly(socket);
    }
}
