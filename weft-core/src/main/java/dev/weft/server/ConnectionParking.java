package dev.weft.server;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where idle keep-alive connections wait, so that they hold no thread (a fixed worker, or a
 * virtual thread's stack) and no buffers while they wait.
 *
 * <p>A connection that has been idle for a moment hands its socket here and returns its
 * worker to the pool. One thread watches every parked socket with a {@link Selector}; when a
 * socket becomes readable its connection is queued for a worker again, and when it has been
 * idle past its deadline it is closed. With virtual threads "its worker" is its virtual
 * thread, which ends; a new one serves the next request.
 */
final class ConnectionParking implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionParking.class.getName());

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Http1Connection> arrivals = new ConcurrentLinkedQueue<>();
    private final Server server;
    private volatile boolean open = true;

    ConnectionParking(Server server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name("weft-parking").start(this::loop);
    }

    /** Parks {@code connection} until its socket is readable or its idle deadline passes. */
    void park(Http1Connection connection) {
        arrivals.add(connection);
        selector.wakeup();
    }

    private void loop() {
        try {
            while (open) {
                selector.select(250);
                registerArrivals();
                List<Http1Connection> ready = new ArrayList<>();
                for (SelectionKey key : selector.selectedKeys()) {
                    key.cancel();
                    ready.add((Http1Connection) key.attachment());
                }
                selector.selectedKeys().clear();
                expireIdle();
                if (!ready.isEmpty()) {
                    selector.selectNow(); // completes the cancellations, so the sockets can block again
                    for (Http1Connection c : ready) {
                        server.resume(c);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.log(System.Logger.Level.ERROR, "connection parking failed", e);
            }
        }
    }

    private void registerArrivals() {
        Http1Connection c;
        while ((c = arrivals.poll()) != null) {
            SocketChannel socket = c.socket();
            try {
                socket.configureBlocking(false);
                socket.register(selector, SelectionKey.OP_READ, c);
            } catch (IOException | RuntimeException e) {
                c.closeIdle();
            }
        }
    }

    private void expireIdle() {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            Http1Connection c = (Http1Connection) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            if (c.idleExpired(now) || !c.socket().isOpen()) {
                key.cancel();
                c.closeIdle();
            }
        }
    }

    @Override
    public void close() {
        open = false;
        SelectorThreads.stop(selector, thread);
    }
}
