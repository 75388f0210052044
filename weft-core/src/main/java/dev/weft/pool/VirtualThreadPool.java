package dev.weft.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One virtual thread per job.
 *
 * <p>A blocked virtual thread costs a few hundred bytes of heap instead of a platform thread's
 * stack, so a connection can keep a thread of its own while it waits, and the code stays
 * plain blocking code. The pool has no cap of its own: a job is a connection, and the server
 * admits at most {@code maxConnections} of those (one semaphore, taken before anything is
 * created for the connection), each with at most one thread at a time.
 */
public final class VirtualThreadPool implements WorkerPool {

    private static final System.Logger LOG = System.getLogger(VirtualThreadPool.class.getName());

    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Thread.Builder builder;
    private volatile boolean open = true;

    /** A pool whose threads are named {@code namePrefix} and a number. */
    public VirtualThreadPool(String namePrefix) {
        this.builder = Thread.ofVirtual().name(namePrefix, 0);
    }

    @Override
    public boolean tryExecute(Runnable job) {
        if (!open) {
            return false;
        }
        Thread thread = builder.unstarted(() -> {
            try {
                job.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "job failed", t);
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        thread.start();
        return true;
    }

    @Override
    public int active() {
        return running.size();
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public String describe() {
        return "virtual threads";
    }

    @Override
    public int shutdown(Duration deadline) {
        open = false;
        long until = System.nanoTime() + deadline.toNanos();
        for (Thread t : running) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int interrupted = 0;
        for (Thread t : running) {
            if (t.isAlive()) {
                interrupted++;
                t.interrupt();
            }
        }
        for (Thread t : running) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return interrupted;
    }
}
