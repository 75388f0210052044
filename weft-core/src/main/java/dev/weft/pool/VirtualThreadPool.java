package dev.weft.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One virtual thread per job, at most {@code maxConcurrent} at a time.
 *
 * <p>A blocked virtual thread costs a few hundred bytes of heap instead of a platform thread's
 * stack, so a connection can keep a thread of its own while it waits, and the code stays
 * plain blocking code. The cap is a semaphore taken <em>before</em> the thread is created, so
 * overload never creates threads it then has to refuse.
 */
public final class VirtualThreadPool implements WorkerPool {

    private static final System.Logger LOG = System.getLogger(VirtualThreadPool.class.getName());

    private final Semaphore permits;
    private final int maxConcurrent;
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Thread.Builder builder;
    private volatile boolean open = true;

    public VirtualThreadPool(int maxConcurrent, String namePrefix) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
        this.builder = Thread.ofVirtual().name(namePrefix, 0);
    }

    @Override
    public boolean tryExecute(Runnable job) {
        if (!open || !permits.tryAcquire()) {
            return false;
        }
        if (!open) { // shutdown began between the check and the permit
            permits.release();
            return false;
        }
        Thread thread = builder.unstarted(() -> {
            try {
                job.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "job failed", t);
            } finally {
                running.remove(Thread.currentThread());
                permits.release();
            }
        });
        running.add(thread);
        thread.start();
        return true;
    }

    @Override
    public int active() {
        return maxConcurrent - permits.availablePermits();
    }

    @Override
    public int queued() {
        return 0;
    }

    @Override
    public String describe() {
        return "virtual threads, up to " + maxConcurrent + " at once";
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
