package dev.weft.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where fixed-worker connections wait for a request without holding a worker: new ones from
 * their accept, idle keep-alive ones between requests, and ones whose head stopped arriving
 * while a worker waited for it.
 *
 * <p>One thread watches every parked socket with a {@link Selector}. When a socket is
 * readable it reads what has arrived, without blocking, into the connection's
 * {@link ArrivingHead}; once the head is whole the connection is queued for a worker, which
 * serves it without waiting for a byte. A connection whose deadline passes here is closed:
 * silently if it sent nothing (new or idle), with a {@code 408} if part of a head came (the
 * header timeout counts from the accept for a new connection, from the first byte for a
 * keep-alive one). So a client that connects and says nothing, or sends half a request and
 * stops, costs a socket and at most one head buffer, never a worker.
 */
final class ConnectionParking implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionParking.class.getName());
    /** What one read takes from a socket at most; heads are copied on into their own buffers. */
    private static final int SCRATCH_BYTES = 16 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Http1Connection> arrivals = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private final Server server;
    private volatile boolean open = true;

    ConnectionParking(Server server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name("weft-parking").start(this::loop);
    }

    /** Parks {@code connection} until its request head has arrived or its deadline passes. */
    void park(Http1Connection connection) {
        arrivals.add(connection);
        selector.wakeup();
    }

    private void loop() {
        List<Http1Connection> headsArrived = new ArrayList<>();
        List<Http1Connection> expired = new ArrayList<>();
        try {
            while (open) {
                selector.select(250);
                registerArrivals();
                for (SelectionKey key : selector.selectedKeys()) {
                    Http1Connection c = (Http1Connection) key.attachment();
                    switch (c.readWhileParked(scratch)) {
                        case WAITING -> { }
                        case ARRIVED -> {
                            key.cancel();
                            headsArrived.add(c);
                        }
                        case ENDED -> {
                            key.cancel();
                            c.closeParked();
                        }
                    }
                }
                selector.selectedKeys().clear();
                findExpired(expired);
                if (!headsArrived.isEmpty() || !expired.isEmpty()) {
                    // Completes the cancellations, so that the sockets can block again (a
                    // worker's reads, a lingering close).
                    selector.selectNow();
                    for (Http1Connection c : headsArrived) {
                        server.headArrived(c);
                    }
                    for (Http1Connection c : expired) {
                        c.expireParked();
                    }
                    headsArrived.clear();
                    expired.clear();
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
                c.closeParked();
            }
        }
    }

    private void findExpired(List<Http1Connection> expired) {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            Http1Connection c = (Http1Connection) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            if (!c.socket().isOpen()) {
                key.cancel();
                c.closeParked(); // closed by shutdown: forget it
            } else if (c.parkedDeadlinePassed(now)) {
                key.cancel();
                expired.add(c);
            }
        }
    }

    @Override
    public void close() {
        open = false;
        SelectorThreads.stop(selector, thread);
    }
}
