package dev.weft.server;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets a virtual thread that is about to wait for its keep-alive client's next request yield
 * first, without starving what the virtual-thread scheduler runs from outside its queues.
 *
 * <p>Why yield: on a busy server the other connections' threads run while this one waits in
 * the scheduler's queue, and by the time it is back its client has usually sent the next
 * request, so the read finds it at once. Waiting on the JDK's poller instead costs a failed
 * read, an {@code epoll_ctl} and a wake-up: about a quarter of a keep-alive request's CPU.
 *
 * <p>Why a gate: a carrier thread runs its own queue to the end before it looks at work
 * submitted from outside it, and that is where the JDK's poller wakes threads whose data has
 * arrived, and where new connections start. If threads kept yielding into that queue it might
 * never run dry while the load lasts, and a connection that did have to wait on the poller
 * would wait until the load stopped. So a probe thread starts a tiny virtual thread from
 * outside every few milliseconds while threads yield; if it has not run within
 * {@link #STARVED_NANOS}, yielding stops until it has: the queues drain within one turn of
 * every connection, the waiting work runs, and yielding resumes.
 */
final class IdleReadGate implements AutoCloseable {

    /** How long work from outside the carriers' queues may wait before yielding stops. */
    static final long STARVED_NANOS = TimeUnit.MILLISECONDS.toNanos(Long.getLong("weft.starvedMillis", 2));
    /** How often the scheduler is probed while threads yield. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long the probe thread sleeps when nobody yielded since it last looked. */
    private static final long QUIET_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** How many turns a connection waits in the scheduler's queue for its request at most. */
    static final int MAX_YIELDS = Integer.getInteger("weft.maxYields", 4);

    private final Thread prober;
    private volatile boolean open = true;
    private volatile boolean yielded;
    private volatile boolean probeRan;
    private volatile boolean closed;

    IdleReadGate(String name) {
        this.prober = Thread.ofPlatform().daemon().name(name).start(this::probe);
    }

    /** Tells whether the next request has arrived. */
    @FunctionalInterface
    interface Arrival {
        boolean arrived() throws IOException;
    }

    /**
     * Yields the current (virtual) thread until the client's next request has arrived, at most
     * {@link #MAX_YIELDS} times, and not at all while the scheduler starves outside work.
     * Yielding again rather than waiting on the poller after a miss keeps the queue long, so
     * that the next turn finds the request; a client that stays silent is left to the poller.
     */
    void yieldUntil(Arrival arrival) throws IOException {
        for (int i = 0; i < MAX_YIELDS && open; i++) {
            if (!yielded) {
                yielded = true;
            }
            Thread.yield();
            if (arrival.arrived()) {
                return;
            }
        }
    }

    private void probe() {
        Runnable ran = () -> {
            probeRan = true;
            LockSupport.unpark(prober);
        };
        while (!closed) {
            if (!yielded) {
                LockSupport.parkNanos(QUIET_SLEEP_NANOS);
                continue;
            }
            yielded = false;
            probeRan = false;
            long sent = System.nanoTime();
            Thread.ofVirtual().start(ran);
            while (!probeRan && !closed) {
                long waited = System.nanoTime() - sent;
                if (waited >= STARVED_NANOS) {
                    open = false;
                    LockSupport.parkNanos(this, PROBE_EVERY_NANOS);
                } else {
                    LockSupport.parkNanos(this, STARVED_NANOS - waited);
                }
            }
            open = !closed;
            LockSupport.parkNanos(PROBE_EVERY_NANOS);
        }
    }

    @Override
    public void close() {
        closed = true;
        open = false;
        LockSupport.unpark(prober);
    }
}
