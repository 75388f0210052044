package dev.weft.server;

import dev.weft.http.Handler;
import dev.weft.pool.ThreadPool;
import dev.weft.pool.VirtualThreadPool;
import dev.weft.pool.WorkerPool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP server: a {@link Listener} accepting connections, a {@link WorkerPool} running one
 * job per connection, and a {@link Handler} answering each request.
 *
 * <pre>{@code
 * try (Server server = Server.start(ServerConfig.builder().port(8080).build(),
 *         request -> Response.text("Hello, world!"))) {
 *     server.awaitShutdown();   // or do other work; close() stops it gracefully
 * }
 * }</pre>
 *
 * <p>Admission happens on the acceptor thread: a connection gets a permit (at most
 * {@code maxConnections}) or a fast {@code 503}. With virtual threads it gets its thread at
 * once. With fixed workers it waits in the {@link ConnectionParking} until its request head
 * has arrived in full, and only then asks for a place in the pool ({@code 503} if the queue
 * is full), so that clients that connect and stay silent, or send half a request, hold no
 * worker.
 *
 * <p>{@link #close()} shuts down gracefully, in order: stop accepting; close idle
 * keep-alive connections; let every in-flight request finish and answer it with
 * {@code Connection: close}; at the deadline close what is left; join every thread.
 */
public final class Server implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Server.class.getName());

    private final ServerConfig config;
    private final Handler handler;
    private final Listener listener;
    private final WorkerPool pool;
    private final Semaphore connectionPermits;
    /** Where idle connections wait without a worker (fixed workers only; else null). */
    private final ConnectionParking parking;
    /** What virtual-thread connections wait on (virtual threads only; else null). */
    private final SocketPoller poller;
    private final Thread watchdog;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final Rejector rejector = new Rejector();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final ReentrantLock shutdownLock = new ReentrantLock();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean draining;
    private ShutdownReport report;

    private Server(ServerConfig config, Handler handler, Listener listener) throws IOException {
        this.config = config;
        this.handler = handler;
        this.listener = listener;
        this.connectionPermits = new Semaphore(config.maxConnections());
        this.pool = config.virtualThreads()
                ? new VirtualThreadPool(config.maxConnections(), "weft-conn-")
                : new ThreadPool(config.workers(), config.queueCapacity(), "weft-worker-");
        this.parking = config.virtualThreads() ? null : new ConnectionParking(this);
        this.poller = config.virtualThreads() ? new SocketPoller("weft-poller-" + listener.address().getPort()) : null;
        this.watchdog = Thread.ofPlatform().daemon().name("weft-watchdog-" + listener.address().getPort())
                .start(this::watchWrites);
    }

    /**
     * Drops connections whose client stopped reading (a blocked write has no timeout of its
     * own) and idle connections past their deadline that wait with an untimed read.
     */
    private void watchWrites() {
        long limit = config.writeTimeout().toNanos();
        while (stopped.getCount() > 0) {
            long now = System.nanoTime();
            for (Http1Connection c : connections) {
                if (c.writeStalled(limit, now)) {
                    LOG.log(System.Logger.Level.DEBUG, "dropping a client that stopped reading");
                    c.forceClose();
                }
                if (c.untimedIdleExpired(now)) {
                    c.closeIfIdle(); // its thread waits in an untimed read: closing ends it
                }
            }
            try {
                Thread.sleep(Math.min(250, Math.max(10, limit / 4_000_000)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Binds the configured address and starts serving.
     *
     * @throws IOException if the address cannot be bound (e.g. {@link java.net.BindException}
     *                     when the port is in use)
     */
    public static Server start(ServerConfig config, Handler handler) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(handler, "handler");
        Listener listener = Listener.bind(config.host(), config.port(), config.backlog());
        Server server;
        try {
            server = new Server(config, handler, listener);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        listener.start(server::admit, config.virtualThreads());
        return server;
    }

    /** Starts a server on {@code 127.0.0.1:port} with the other options at their defaults. */
    public static Server start(int port, Handler handler) throws IOException {
        return start(ServerConfig.builder().port(port).build(), handler);
    }

    private void admit(SocketChannel socket) {
        accepted.incrementAndGet();
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            Listener.closeQuietly(socket);
            return;
        }
        if (!connectionPermits.tryAcquire()) {
            rejected.incrementAndGet();
            rejector.reject(socket, "too many connections");
            return;
        }
        Http1Connection connection = new Http1Connection(this, socket, handler, config);
        connections.add(connection);
        if (parking != null) {
            parking.park(connection); // a worker once its head is here
            return;
        }
        if (!pool.tryExecute(connection)) {
            connections.remove(connection);
            connectionPermits.release();
            rejected.incrementAndGet();
            rejector.reject(socket, draining ? "shutting down" : "all workers are busy");
        }
    }

    void connectionClosed(Http1Connection connection) {
        if (connections.remove(connection)) {
            connectionPermits.release();
        }
    }

    void lingerAndClose(SocketChannel socket) {
        rejector.lingerAndClose(socket);
    }

    void requestServed() {
        requests.incrementAndGet();
    }

    boolean draining() {
        return draining;
    }

    /** Whether connections are waiting for a worker (fixed workers; never with virtual threads). */
    boolean workersContended() {
        return pool.queued() > 0;
    }

    SocketPoller poller() {
        return poller;
    }

    /** Parks a connection outside the pool until its next request head has arrived (fixed workers). */
    void park(Http1Connection connection) {
        parking.park(connection);
    }

    /** A parked connection's request head is here (fixed workers): queue it for a worker, or refuse it. */
    void headArrived(Http1Connection connection) {
        if (!pool.tryExecute(connection)) {
            rejected.incrementAndGet();
            connection.abandon();
            rejector.reject(connection.socket(), draining ? "shutting down" : "all workers are busy");
        }
    }

    /** Answers {@code 408} to a parked connection whose head did not arrive in time (fixed workers). */
    void timeOut(SocketChannel socket) {
        rejector.timeOut(socket);
    }

    /** A parked connection is readable (virtual threads): start a thread for it, or refuse it. */
    void resume(Http1Connection connection) {
        if (!connection.isIdle()) {
            connection.closeParked();
            return;
        }
        if (!pool.tryExecute(connection)) {
            rejected.incrementAndGet();
            connection.abandon();
            rejector.reject(connection.socket(), "all workers are busy");
        }
    }

    /** The address the server listens on; with port 0 configured, the port that was picked. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** The port the server listens on. */
    public int port() {
        return listener.address().getPort();
    }

    /** The configuration it was started with. */
    public ServerConfig config() {
        return config;
    }

    /** A short description of the execution mode, e.g. {@code "virtual threads, up to 10000 at once"}. */
    public String mode() {
        return pool.describe();
    }

    /** Connections open right now (including those waiting for a worker). */
    public int openConnections() {
        return connections.size();
    }

    /** Connections accepted since start, including rejected ones. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Connections answered with {@code 503} because the server was full. */
    public long rejectedConnections() {
        return rejected.get();
    }

    /** Requests answered since start (protocol errors answered before a handler ran excluded). */
    public long requestsServed() {
        return requests.get();
    }

    /** Blocks until the server has been shut down. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * Shuts down gracefully, waiting at most {@code deadline} for in-flight requests. Calling it
     * again returns the first report.
     */
    public ShutdownReport shutdown(Duration deadline) {
        shutdownLock.lock();
        try {
            if (report == null) {
                report = drain(deadline);
                stopped.countDown();
            }
            return report;
        } finally {
            shutdownLock.unlock();
        }
    }

    private ShutdownReport drain(Duration deadline) {
        long start = System.nanoTime();
        long until = start + deadline.toNanos();
        draining = true;
        listener.close();

        int idleClosed = 0;
        int inFlight = 0;
        for (Http1Connection c : connections) {
            if (c.closeIfIdle()) {
                idleClosed++;
            } else {
                inFlight++;
            }
        }
        while (!connections.isEmpty() && System.nanoTime() < until) {
            // Connections that never sent a byte are idle too, once their request has had
            // time to arrive.
            long silentSince = System.nanoTime() - Http1Connection.FIRST_BYTE_GRACE_NANOS;
            if (silentSince - start > 0) {
                for (Http1Connection c : connections) {
                    if (c.closeIfSilentSince(silentSince)) {
                        idleClosed++;
                        inFlight--;
                    }
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cutOff = 0;
        for (Http1Connection c : connections) {
            cutOff++;
            c.forceClose();
        }
        int interrupted = pool.shutdown(Duration.ofSeconds(2));
        if (parking != null) {
            parking.close();
        }
        if (poller != null) {
            poller.close();
        }
        watchdog.interrupt();
        if (cutOff > 0 || interrupted > 0) {
            LOG.log(System.Logger.Level.WARNING, "shutdown deadline passed: " + cutOff
                    + " connection(s) closed by force, " + interrupted + " job(s) interrupted");
        }
        return new ShutdownReport(inFlight, idleClosed, cutOff, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Shuts down gracefully within the configured {@link ServerConfig#shutdownTimeout()}. */
    @Override
    public void close() {
        shutdown(config.shutdownTimeout());
    }
}
