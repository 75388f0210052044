package dev.weft.server;

import dev.weft.http.Handler;
import dev.weft.http.RequestLimits;
import dev.weft.pool.ThreadPool;
import dev.weft.pool.VirtualThreadPool;
import dev.weft.pool.WorkerPool;
import dev.weft.protocol.ConnectionContext;
import dev.weft.protocol.Protocol;
import dev.weft.protocol.ServerConnection;
import dev.weft.protocol.Threading;
import dev.weft.protocol.Transport;
import dev.weft.transport.BlockingTransport;
import dev.weft.transport.Lingering;
import dev.weft.transport.Listener;
import dev.weft.transport.PolledTransport;
import dev.weft.transport.SocketPoller;
import dev.weft.transport.Sockets;
import dev.weft.transport.WaitingRoom;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A server: a {@link Listener} accepting connections, a {@link WorkerPool} giving them
 * threads, the protocols they speak (HTTP/1.1, and any registered with
 * {@link ServerConfig.Builder#protocol}), and a {@link Handler} answering each request.
 *
 * <pre>{@code
 * try (Server server = Server.start(ServerConfig.builder().port(8080).build(),
 *         request -> Response.text("Hello, world!"))) {
 *     server.awaitShutdown();   // or do other work; close() stops it gracefully
 * }
 * }</pre>
 *
 * <p>The engine is protocol-neutral: it admits a connection on the acceptor thread (a permit,
 * at most {@code maxConnections}, or a fast refusal written by the protocol, HTTP/1.1's
 * {@code 503}), wraps its socket in the transport of its execution mode, opens it with its
 * protocol, and from then on knows it only as a {@link ServerConnection}. With one protocol
 * (the usual case) the connection is opened at once, without peeking; with several, its
 * first bytes are read (bounded, under the header deadline) and the first protocol that
 * recognises them opens it. With virtual threads a connection gets its thread at once; with
 * fixed workers it waits without one until its first request has arrived (for HTTP/1.1, its
 * whole head), so that clients that connect and stay silent, or send half a request, hold no
 * worker.
 *
 * <p>{@link #close()} shuts down gracefully, in order: stop accepting; close idle
 * connections; let everything in flight finish (HTTP/1.1 answers it with
 * {@code Connection: close}); at the deadline close what is left; join every thread.
 */
public final class Server implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Server.class.getName());

    /** During shutdown, how long a silent new connection may wait for its first bytes to arrive. */
    static final long FIRST_BYTE_GRACE_NANOS = 1_000_000_000L;

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final ServerConfig config;
    private final Handler handler;
    private final Listener listener;
    private final WorkerPool pool;
    private final Semaphore connectionPermits;
    /** Where fixed-worker connections wait without a worker (fixed workers only; else null). */
    private final WaitingRoom waitingRoom;
    /** What virtual-thread connections wait on (virtual threads only; else null). */
    private final SocketPoller poller;
    private final Lingering lingering = new Lingering();
    private final Thread watchdog;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    /** HTTP/1.1: refuses connections at admission, and takes what no other protocol recognises. */
    private final Protocol defaultProtocol;
    /** Every protocol served, in the order they are asked: the registered ones, then HTTP/1.1. */
    private final List<Protocol> protocols;
    private final Context context;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final ReentrantLock shutdownLock = new ReentrantLock();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean draining;
    private ShutdownReport report;
    /** The JVM shutdown hook {@link #stopOnSignals} registered, or {@code null}. */
    private Thread shutdownHook;

    private Server(ServerConfig config, Handler handler, Listener listener) throws IOException {
        this.config = config;
        this.handler = handler;
        this.listener = listener;
        this.context = new Context();
        this.defaultProtocol = DefaultProtocol.HTTP1;
        List<Protocol> all = new ArrayList<>(config.protocols());
        all.add(defaultProtocol);
        this.protocols = List.copyOf(all);
        this.connectionPermits = new Semaphore(config.maxConnections());
        boolean virtual = config.threading() == Threading.VIRTUAL_THREADS;
        this.pool = virtual
                ? new VirtualThreadPool("weft-conn-")
                : new ThreadPool(config.workers(), config.queueCapacity(), "weft-worker-");
        this.waitingRoom = virtual ? null : new WaitingRoom("weft-parking");
        this.poller = virtual ? new SocketPoller("weft-poller-" + listener.address().getPort()) : null;
        this.watchdog = Thread.ofPlatform().daemon().name("weft-watchdog-" + listener.address().getPort())
                .start(this::watchConnections);
    }

    /** HTTP/1.1, found through {@link ServiceLoader} so that the engine does not name it. */
    private static final class DefaultProtocol {
        static final Protocol HTTP1 = load();

        private static Protocol load() {
            for (Protocol p : ServiceLoader.load(Protocol.class, Server.class.getClassLoader())) {
                if (p.name().equals("http/1.1")) {
                    return p;
                }
            }
            throw new IllegalStateException("the HTTP/1.1 protocol (dev.weft.http1.Http1Protocol) is missing: "
                    + "weft-core's META-INF/services (or module-info provides) entry was lost");
        }
    }

    /**
     * The watchdog: drops connections whose peer stopped reading (a blocked write has no
     * timeout of its own), and closes idle connections past their deadline that wait without
     * a timer of their own.
     */
    private void watchConnections() {
        long limit = config.writeTimeout().toNanos();
        while (stopped.getCount() > 0) {
            long now = System.nanoTime();
            for (ServerConnection c : connections) {
                if (c.writeStalled(limit, now)) {
                    LOG.log(System.Logger.Level.DEBUG, "dropping a client that stopped reading");
                    c.forceClose();
                }
                if (c.idleExpired(now)) {
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
     * @throws IOException if the address cannot be bound: a {@link java.net.BindException}
     *                     whose message names the address, as
     *                     {@code cannot listen on 127.0.0.1:7878: address already in use}
     *                     (the JDK's exception is its cause), or an IOException when the host
     *                     does not resolve
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
        listener.start(server::admit, config.threading() == Threading.VIRTUAL_THREADS);
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
            Sockets.closeQuietly(socket);
            return;
        }
        Transport transport = poller != null
                ? new PolledTransport(socket, poller, lingering)
                : new BlockingTransport(socket, waitingRoom, lingering);
        if (!connectionPermits.tryAcquire()) {
            rejected.incrementAndGet();
            defaultProtocol.refuse(transport, "too many connections");
            return;
        }
        ServerConnection connection;
        if (protocols.size() == 1) {
            connection = defaultProtocol.open(transport, NOTHING, context); // no peeking
        } else {
            Protocol negotiated = negotiated(transport);
            connection = negotiated != null
                    ? negotiated.open(transport, NOTHING, context)
                    : new ProtocolDetection(transport, protocols, context);
        }
        connections.add(connection);
        connection.begin();
    }

    /** The protocol the transport negotiated (ALPN, over TLS), if one of ours; else null. */
    private Protocol negotiated(Transport transport) {
        String alpn = transport.applicationProtocol();
        if (alpn != null) {
            for (Protocol p : protocols) {
                if (p.recognisesNegotiated(alpn)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** What the engine gives every connection. */
    private final class Context implements ConnectionContext {
        private final Threading threading = config.threading();

        @Override
        public Handler handler() {
            return handler;
        }

        @Override
        public Threading threading() {
            return threading;
        }

        @Override
        public RequestLimits limits() {
            return config.limits();
        }

        @Override
        public Duration idleTimeout() {
            return config.idleTimeout();
        }

        @Override
        public Duration readTimeout() {
            return config.readTimeout();
        }

        @Override
        public Duration headerTimeout() {
            return config.headerTimeout();
        }

        @Override
        public Duration writeTimeout() {
            return config.writeTimeout();
        }

        @Override
        public long minBodyRate() {
            return config.minBodyRate();
        }

        @Override
        public boolean draining() {
            return draining;
        }

        @Override
        public boolean execute(ServerConnection connection) {
            if (pool.tryExecute(connection)) {
                return true;
            }
            rejected.incrementAndGet();
            return false;
        }

        @Override
        public boolean threadsContended() {
            return pool.queued() > 0;
        }

        @Override
        public void requestServed() {
            requests.incrementAndGet();
        }

        @Override
        public void closed(ServerConnection connection) {
            if (connections.remove(connection)) {
                connectionPermits.release();
            }
        }

        @Override
        public void replaced(ServerConnection previous, ServerConnection next) {
            connections.add(next);
            if (!connections.remove(previous)) {
                connections.remove(next); // closed meanwhile: its permit is back already
            }
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

    /**
     * A short description of the execution mode, e.g. {@code "virtual threads, up to 10000
     * connections at once"}.
     */
    public String mode() {
        return pool.describe() + ", up to " + config.maxConnections() + " connections at once";
    }

    /** Connections open right now (including those waiting for a worker). */
    public int openConnections() {
        return connections.size();
    }

    /** Connections accepted since start, including rejected ones. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /** Connections refused because the server was full (HTTP/1.1 answers them {@code 503}). */
    public long rejectedConnections() {
        return rejected.get();
    }

    /** Requests answered since start (protocol errors answered before a handler ran excluded). */
    public long requestsServed() {
        return requests.get();
    }

    /**
     * Shuts this server down gracefully when the JVM is asked to stop, as the {@code weft}
     * command does on Ctrl+C: on {@code SIGINT}, {@code SIGTERM} or {@code SIGHUP} it stops
     * accepting, lets requests in flight finish within {@link ServerConfig#shutdownTimeout()},
     * and only then lets the JVM exit.
     *
     * <pre>{@code
     * Server server = Server.start(config, router);
     * server.stopOnSignals();      // Ctrl+C or SIGTERM (docker stop, Kubernetes): drain, then exit
     * server.awaitShutdown();
     * }</pre>
     *
     * <p>It is a JVM shutdown hook ({@link Runtime#addShutdownHook}): weft's core needs
     * nothing but {@code java.base}, so it does not install signal handlers. A hook runs
     * whenever the JVM exits normally, so also on {@link System#exit} and when the last
     * non-daemon thread ends, and it runs alongside the application's other hooks (a logging
     * framework's own hook may already have closed its appenders while requests drain). It does
     * not run on {@code SIGKILL} or {@link Runtime#halt}. The exit status after a signal is the
     * JVM's ({@code 130} for {@code SIGINT}, {@code 143} for {@code SIGTERM}). A second
     * {@code SIGINT} while draining does not cut the drain short, as it does in the command;
     * the shutdown timeout bounds it.
     *
     * <p>Shutting the server down otherwise ({@link #shutdown}, {@link #close}) removes the
     * hook. Calling this again registers nothing more.
     *
     * @return an action that removes the hook (safe to run more than once, and once the JVM is
     *         already exiting)
     * @throws IllegalStateException if the server is already shut down, or the JVM is
     *                               already exiting
     */
    public Runnable stopOnSignals() {
        shutdownLock.lock();
        try {
            if (report != null) {
                throw new IllegalStateException("the server is already shut down");
            }
            if (shutdownHook == null) {
                Thread hook = Thread.ofPlatform().unstarted(() -> shutdown(config.shutdownTimeout()));
                hook.setName("weft-shutdown-hook-" + listener.address().getPort());
                Runtime.getRuntime().addShutdownHook(hook);
                shutdownHook = hook;
            }
            Thread registered = shutdownHook;
            return () -> removeHook(registered);
        } finally {
            shutdownLock.unlock();
        }
    }

    /** The hook {@link #stopOnSignals} registered and has not removed, for tests; else null. */
    Thread shutdownHook() {
        shutdownLock.lock();
        try {
            return shutdownHook;
        } finally {
            shutdownLock.unlock();
        }
    }

    private void removeHook(Thread hook) {
        shutdownLock.lock();
        try {
            if (shutdownHook != hook) {
                return;
            }
            shutdownHook = null;
        } finally {
            shutdownLock.unlock();
        }
        if (Thread.currentThread() == hook) {
            return; // the hook itself is shutting the server down: the JVM is exiting
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: the hook is running or about to, and finds the server stopped.
        }
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
        ShutdownReport result;
        Thread hook;
        shutdownLock.lock();
        try {
            if (report == null) {
                report = drain(deadline);
                stopped.countDown();
            }
            result = report;
            hook = shutdownHook;
        } finally {
            shutdownLock.unlock();
        }
        if (hook != null) {
            removeHook(hook); // stopped otherwise: the JVM need not wait for this server at exit
        }
        return result;
    }

    private ShutdownReport drain(Duration deadline) {
        long start = System.nanoTime();
        long until = start + deadline.toNanos();
        draining = true;
        listener.close();

        int idleClosed = 0;
        int inFlight = 0;
        for (ServerConnection c : connections) {
            c.drainingStarted();
            if (c.closeIfIdle()) {
                idleClosed++;
            } else {
                inFlight++;
            }
        }
        while (!connections.isEmpty() && System.nanoTime() < until) {
            // Connections that never sent a byte are idle too, once their request has had
            // time to arrive.
            long silentSince = System.nanoTime() - FIRST_BYTE_GRACE_NANOS;
            if (silentSince - start > 0) {
                for (ServerConnection c : connections) {
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
        for (ServerConnection c : connections) {
            cutOff++;
            c.forceClose();
        }
        int interrupted = pool.shutdown(Duration.ofSeconds(2));
        if (waitingRoom != null) {
            waitingRoom.close();
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
