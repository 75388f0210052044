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
 *
 * <p>It also sends what a worker could not: the rest of an answer whose bytes are fixed
 * (its head, a body in memory or a file region) when the client's socket was full. It
 * writes without blocking whenever the socket is writable, drops the connection when the
 * write timeout passes without progress, and when the answer is out, closes the connection
 * or waits for its next head like any other, so that a client that reads slowly, or not at
 * all, holds no worker either.
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

    /**
     * Parks {@code connection} until its request head has arrived or its deadline passes, or,
     * if it has an answer to finish, until that is sent.
     */
    void park(Http1Connection connection) {
        arrivals.add(connection);
        selector.wakeup();
    }

    private void loop() {
        List<Http1Connection> headsArrived = new ArrayList<>();
        List<Http1Connection> expired = new ArrayList<>();
        List<Http1Connection> sentAndClosing = new ArrayList<>();
        try {
            while (open) {
                selector.select(250);
                registerArrivals();
                for (SelectionKey key : selector.selectedKeys()) {
                    Http1Connection c = (Http1Connection) key.attachment();
                    if (c.sendingWhileParked()) {
                        send(key, c, headsArrived, sentAndClosing);
                        continue;
                    }
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
                if (!headsArrived.isEmpty() || !expired.isEmpty() || !sentAndClosing.isEmpty()) {
                    // Completes the cancellations, so that the sockets can block again (a
                    // worker's reads, a lingering close).
                    selector.selectNow();
                    for (Http1Connection c : headsArrived) {
                        server.headArrived(c);
                    }
                    for (Http1Connection c : expired) {
                        c.expireParked();
                    }
                    for (Http1Connection c : sentAndClosing) {
                        c.close();
                    }
                    headsArrived.clear();
                    expired.clear();
                    sentAndClosing.clear();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.log(System.Logger.Level.ERROR, "connection parking failed", e);
            }
        } finally {
            closeLeftBehind();
        }
    }

    /** Sends what the socket of a connection with an answer to finish takes now, and moves it on once all is sent. */
    private static void send(SelectionKey key, Http1Connection c, List<Http1Connection> headsArrived,
            List<Http1Connection> sentAndClosing) {
        switch (c.sendWhileParked()) {
            case WAITING -> { }
            case ENDED -> {
                key.cancel();
                c.closeParked();
            }
            case SENT -> {
                switch (c.afterParkedSend()) {
                    case CLOSE -> {
                        key.cancel();
                        sentAndClosing.add(c);
                    }
                    case HEAD_ARRIVED -> {
                        key.cancel();
                        headsArrived.add(c);
                    }
                    case WAIT_FOR_HEAD -> key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
    }

    /**
     * When the loop ends (the server has stopped): closes what is still parked, so that no
     * answer's file stays open. Shutdown has closed their sockets by then; this closes the rest.
     */
    private void closeLeftBehind() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) {
                    ((Http1Connection) key.attachment()).closeParked();
                }
            }
        } catch (ClosedSelectorException e) {
            // closed already: its sockets with it
        }
        Http1Connection c;
        while ((c = arrivals.poll()) != null) {
            c.closeParked();
        }
    }

    private void registerArrivals() {
        Http1Connection c;
        while ((c = arrivals.poll()) != null) {
            SocketChannel socket = c.socket();
            try {
                socket.configureBlocking(false);
                socket.register(selector, c.sendingWhileParked() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, c);
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
