package dev.weft.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Rust book's thread pool, made production-grade: a fixed set of named {@link Worker}s
 * sharing one job queue.
 *
 * <p>Where the book uses an unbounded {@code mpsc} channel behind {@code Arc<Mutex<Receiver>>},
 * this pool uses a bounded {@link ArrayBlockingQueue}, which is already safe to share between
 * threads: when it is full, {@link #tryExecute} says no at once, so overload turns into fast
 * refusals instead of an ever-growing queue. Where the book drops the sender so that every
 * worker's {@code recv()} fails, {@link #shutdown} closes intake and queues one stop signal per
 * worker behind the jobs already waiting; where the book's {@code Drop} joins each worker
 * forever, this waits only until a deadline and then interrupts.
 */
public final class ThreadPool implements WorkerPool {

    private final BlockingQueue<Runnable> queue;
    private final List<Worker> workers;
    private final ReentrantLock intake = new ReentrantLock();
    private final Runnable stopSignal = () -> { };
    private final int capacity;
    /** Jobs accepted and not yet finished, running or queued: bounded by workers + capacity. */
    private final AtomicInteger pending = new AtomicInteger();
    private boolean open = true;

    /**
     * Starts {@code size} workers named {@code namePrefix + id}.
     *
     * @param size          number of workers, at least 1
     * @param queueCapacity jobs that may wait for a worker when all are busy, at least 1
     */
    public ThreadPool(int size, int queueCapacity, String namePrefix) {
        if (size < 1) {
            throw new IllegalArgumentException("a thread pool needs at least one worker, got " + size);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
        }
        this.capacity = queueCapacity;
        // Room for the stop signals too, so shutdown never waits on a full queue to send them.
        this.queue = new ArrayBlockingQueue<>(queueCapacity + size);
        this.workers = new ArrayList<>(size);
        for (int id = 0; id < size; id++) {
            Worker worker = new Worker(id, namePrefix, queue, stopSignal, pending::decrementAndGet);
            workers.add(worker);
            worker.start();
        }
    }

    @Override
    public boolean tryExecute(Runnable job) {
        intake.lock();
        try {
            // Counting running jobs too, not just the queue's length, means a burst that
            // arrives before idle workers have taken their jobs is not refused by mistake.
            if (!open || pending.get() >= workers.size() + capacity) {
                return false;
            }
            pending.incrementAndGet();
            return queue.offer(job);
        } finally {
            intake.unlock();
        }
    }

    @Override
    public int active() {
        int n = 0;
        for (Worker w : workers) {
            if (w.busy()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int queued() {
        return queue.size();
    }

    /** The number of workers. */
    public int size() {
        return workers.size();
    }

    @Override
    public String describe() {
        return workers.size() + " platform workers, queue of " + capacity;
    }

    @Override
    public int shutdown(Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        intake.lock();
        try {
            if (open) {
                open = false;
                for (int i = 0; i < workers.size(); i++) {
                    queue.offer(stopSignal); // always fits: see the constructor
                }
            }
        } finally {
            intake.unlock();
        }
        int interrupted = 0;
        for (Worker w : workers) {
            if (!join(w.thread(), until)) {
                interrupted++;
                w.thread().interrupt();
            }
        }
        if (interrupted > 0) {
            queue.clear(); // jobs that never started are dropped with the pool
            for (Worker w : workers) {
                w.thread().interrupt();
                joinQuietly(w.thread(), Duration.ofSeconds(5));
            }
        }
        return interrupted;
    }

    private static boolean join(Thread t, long untilNanos) {
        try {
            long left = untilNanos - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            return !t.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !t.isAlive();
        }
    }

    private static void joinQuietly(Thread t, Duration wait) {
        try {
            t.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
