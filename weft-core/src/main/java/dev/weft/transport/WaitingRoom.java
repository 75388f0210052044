package dev.weft.transport;

import dev.weft.protocol.Arrival;
import dev.weft.protocol.PendingSend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where fixed-worker connections wait without holding a worker (the "parking lot"): new ones
 * from their accept, idle ones between requests, ones whose next request stopped arriving
 * while a worker waited for it, and ones whose answer the client's socket could not take at
 * once. Protocol-neutral: it deals in bytes, and asks each connection's {@link Arrival}
 * whether they suffice, and each {@link PendingSend} to send.
 *
 * <p>One thread watches every waiting socket with a {@link Selector}. When a socket is
 * readable it reads what has arrived, without blocking, into the transport's buffer (bounded
 * by {@link Arrival#maxBytes()}); once the bytes suffice (for HTTP/1.1, a whole request head)
 * the arrival queues the connection for a worker, which reads those bytes first without
 * waiting. A connection whose deadline passes here is expired: the protocol answers without
 * blocking (HTTP/1.1: {@code 408} if part of a head came) or closes it. So a client that
 * connects and says nothing, or sends half a request and stops, costs a socket and at most
 * one bounded buffer, never a worker.
 *
 * <p>It also sends what a worker could not: the rest of an answer whose bytes are fixed, when
 * the client's socket was full. It sends without blocking whenever the socket is writable,
 * gives the send up at its deadline (the write timeout from the last progress), and when the
 * answer is out, closes the connection or waits for its next bytes like any other, starting
 * with what the client pipelined; so a client that reads slowly, or not at all, holds no
 * worker either.
 */
public final class WaitingRoom implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WaitingRoom.class.getName());
    /** What one read takes from a socket at most; the bytes are copied on into their own buffers. */
    private static final int SCRATCH_BYTES = 16 * 1024;

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<BlockingTransport> entering = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(SCRATCH_BYTES);
    private volatile boolean open = true;

    /** Opens the selector and starts the room's platform thread. */
    public WaitingRoom(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
    }

    /** Lets {@code transport} wait here, for its arrival or to finish its send. */
    void enter(BlockingTransport transport) {
        entering.add(transport);
        selector.wakeup();
    }

    private void loop() {
        List<BlockingTransport> arrived = new ArrayList<>();
        List<BlockingTransport> expired = new ArrayList<>();
        List<BlockingTransport> sentAndClosing = new ArrayList<>();
        try {
            while (open) {
                selector.select(250);
                registerEntering(arrived);
                for (SelectionKey key : selector.selectedKeys()) {
                    BlockingTransport t = (BlockingTransport) key.attachment();
                    if (t.pending != null) {
                        send(key, t, arrived, sentAndClosing);
                        continue;
                    }
                    switch (t.readArrival(scratch)) {
                        case WAITING -> { }
                        case ARRIVED -> {
                            key.cancel();
                            arrived.add(t);
                        }
                        case ENDED -> {
                            key.cancel();
                            t.arrival.ended();
                        }
                    }
                }
                selector.selectedKeys().clear();
                findExpired(expired);
                if (!arrived.isEmpty() || !expired.isEmpty() || !sentAndClosing.isEmpty()) {
                    // Completes the cancellations, so that the sockets can block again (a
                    // worker's reads, a lingering close).
                    selector.selectNow();
                    for (BlockingTransport t : arrived) {
                        Arrival a = t.arrival;
                        t.arrival = null;
                        a.arrived();
                    }
                    for (BlockingTransport t : expired) {
                        PendingSend p = t.pending;
                        if (p != null) {
                            LOG.log(System.Logger.Level.DEBUG, "dropping a client that stopped reading");
                            t.pending = null;
                            p.abort();
                        } else {
                            Arrival a = t.arrival;
                            t.arrival = null;
                            a.expired();
                        }
                    }
                    for (BlockingTransport t : sentAndClosing) {
                        PendingSend p = t.pending;
                        t.pending = null;
                        p.close();
                    }
                    arrived.clear();
                    expired.clear();
                    sentAndClosing.clear();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.log(System.Logger.Level.ERROR, "waiting room failed", e);
            }
        } finally {
            endLeftBehind();
        }
    }

    /** Sends what the socket of a connection with an answer to finish takes now, and moves it on once all is sent. */
    private static void send(SelectionKey key, BlockingTransport t, List<BlockingTransport> arrived,
            List<BlockingTransport> sentAndClosing) {
        PendingSend p = t.pending;
        boolean sent;
        try {
            sent = p.sendNow();
        } catch (IOException e) {
            key.cancel();
            t.pending = null;
            p.abort();
            return;
        }
        if (!t.isOpen()) {
            key.cancel();
            t.pending = null;
            p.abort();
            return;
        }
        if (!sent) {
            return;
        }
        Arrival next = p.sent();
        if (next == null) {
            key.cancel();
            sentAndClosing.add(t);
            return;
        }
        t.pending = null;
        t.arrival = next;
        switch (t.checkCarried()) {
            case ARRIVED -> {
                key.cancel();
                arrived.add(t);
            }
            case ENDED -> {
                key.cancel();
                t.arrival = null;
                next.ended();
            }
            case WAITING -> key.interestOps(SelectionKey.OP_READ);
        }
    }

    /**
     * When the loop ends (the server has stopped): ends what is still waiting, so that no
     * answer's file stays open. Shutdown has closed their sockets by then; this closes the rest.
     */
    private void endLeftBehind() {
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) {
                    end((BlockingTransport) key.attachment());
                }
            }
        } catch (ClosedSelectorException e) {
            // closed already: its sockets with it
        }
        BlockingTransport t;
        while ((t = entering.poll()) != null) {
            end(t);
        }
    }

    private static void end(BlockingTransport t) {
        PendingSend p = t.pending;
        Arrival a = t.arrival;
        t.pending = null;
        t.arrival = null;
        if (p != null) {
            p.abort();
        } else if (a != null) {
            a.ended();
        }
    }

    private void registerEntering(List<BlockingTransport> arrived) {
        BlockingTransport t;
        while ((t = entering.poll()) != null) {
            try {
                if (t.pending == null) {
                    // Bytes carried in (read ahead by a worker, or by the room before a
                    // protocol was chosen) may be enough already.
                    BlockingTransport.Progress carried = t.checkCarried();
                    if (carried == BlockingTransport.Progress.ARRIVED) {
                        SelectionKey old = t.channel().keyFor(selector);
                        if (old != null) {
                            old.cancel();
                        }
                        arrived.add(t);
                        continue;
                    }
                    if (carried == BlockingTransport.Progress.ENDED) {
                        end(t);
                        continue;
                    }
                }
                t.channel().configureBlocking(false);
                t.channel().register(selector, t.pending != null ? SelectionKey.OP_WRITE : SelectionKey.OP_READ, t);
            } catch (IOException | RuntimeException e) {
                end(t);
            }
        }
    }

    private void findExpired(List<BlockingTransport> expired) {
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            BlockingTransport t = (BlockingTransport) key.attachment();
            if (!key.isValid()) {
                continue;
            }
            if (!t.isOpen()) {
                key.cancel();
                end(t); // closed by shutdown: forget it
            } else if (now - (t.pending != null ? t.pending.deadline() : t.arrival.deadline()) > 0) {
                key.cancel();
                expired.add(t);
            }
        }
    }

    /** Stops the room's thread and closes its selector. */
    @Override
    public void close() {
        open = false;
        SelectorThreads.stop(selector, thread);
    }
}
