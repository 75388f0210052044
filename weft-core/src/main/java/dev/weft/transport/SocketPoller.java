package dev.weft.transport;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The one selector that every virtual-thread connection waits on: weft's own version of the
 * JDK's poller, kept level-triggered so that a socket is registered once and stays registered.
 *
 * <p>A virtual thread blocked in a socket read costs, per wait, a read that fails with
 * {@code EAGAIN}, an {@code epoll_ctl} to arm the JDK's one-shot poller, and a wake-up
 * through it. Here a connection whose last read emptied the socket parks at once (no read
 * that would fail), its registration is already in place (no {@code epoll_ctl}), and one
 * {@code epoll_wait} serves many connections. See {@link PolledTransport} for the connection's
 * side and docs/PERFORMANCE.md for the measurements.
 *
 * <p>The poller itself runs on a virtual thread: it wakes connections by pushing them onto
 * its carrier's queue, and lets them run before it polls again. A carrier runs its own
 * queue to the end before it takes work submitted from outside, and under steady load this
 * loop would keep that queue full for ever: a new connection (the acceptor is woken from
 * outside), a timer, or a close by the watchdog would wait until the load stopped. So every
 * {@link #TURN_NANOS} the poller steps out for a moment through the scheduler's outside
 * queue, and the carrier gets to the rest.
 */
public final class SocketPoller implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SocketPoller.class.getName());

    /** How long the poller may keep its carrier's own queue busy before it steps out. */
    static final long TURN_NANOS = 1_000_000;

    private final Selector selector;
    private final Queue<PolledTransport> updates = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    /** Opens the selector and starts polling on a virtual thread called {@code name}. */
    public SocketPoller(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    /** Asks the poller to bring the socket's registration in line with what it waits for. */
    void update(PolledTransport socket) {
        updates.add(socket);
        selector.wakeup();
    }

    /**
     * Makes the poller go round once: a closed socket that is still registered keeps its file
     * descriptor until the selector next deregisters it.
     */
    void wakeup() {
        selector.wakeup();
    }

    private void loop() {
        try {
            long turnStarted = System.nanoTime();
            while (open) {
                PolledTransport socket;
                while ((socket = updates.poll()) != null) {
                    socket.applyInterest(selector);
                }
                // The action form hands each ready key over as epoll reports it, without
                // adding it to (and clearing) the selected-key set: no allocation per key.
                selector.select(SocketPoller::ready);
                if (System.nanoTime() - turnStarted > TURN_NANOS) {
                    stepOut();
                    turnStarted = System.nanoTime();
                } else {
                    // The connections just woken sit in this carrier's queue: let them read
                    // before polling again, or a socket they have not read yet is reported twice.
                    Thread.yield();
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (open) {
                LOG.log(System.Logger.Level.ERROR, "socket poller failed", e);
            }
        }
    }

    /**
     * Parks the poller until the carrier has been through the work submitted from outside.
     * A new virtual thread is queued from outside, behind that work, so the helper started
     * here comes back to wake the poller only once the carrier has reached it. (A timed park
     * would do the same through a timer thread: two context switches per turn.)
     */
    private void stepOut() {
        Thread poller = Thread.currentThread();
        Thread.ofVirtual().name("weft-poller-relay").start(() -> LockSupport.unpark(poller));
        LockSupport.park(this);
    }

    private static void ready(SelectionKey key) {
        ((PolledTransport) key.attachment()).ready(key);
    }

    /** Stops polling and closes the selector, which closes sockets whose close was deferred. */
    @Override
    public void close() {
        open = false;
        SelectorThreads.stop(selector, thread);
    }
}
