package dev.weft.pool;

import java.util.concurrent.BlockingQueue;

/**
 * One platform thread of a {@link ThreadPool}: takes jobs off the shared queue and runs them
 * until it takes the pool's stop signal.
 *
 * <p>As in the Rust book, a job that fails does not take its worker down: the failure is
 * logged and the worker goes back to the queue.
 */
final class Worker {

    private static final System.Logger LOG = System.getLogger(Worker.class.getName());

    private final int id;
    private final Thread thread;
    private volatile boolean busy;

    private final Runnable jobDone;

    Worker(int id, String namePrefix, BlockingQueue<Runnable> queue, Runnable stopSignal, Runnable jobDone) {
        this.id = id;
        this.jobDone = jobDone;
        this.thread = Thread.ofPlatform().name(namePrefix + id).unstarted(() -> loop(queue, stopSignal));
    }

    void start() {
        thread.start();
    }

    private void loop(BlockingQueue<Runnable> queue, Runnable stopSignal) {
        while (true) {
            Runnable job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                // Interrupted while idle: only a forced shutdown does that.
                return;
            }
            if (job == stopSignal) {
                return;
            }
            busy = true;
            try {
                job.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "worker " + id + ": job failed; worker continues", t);
            } finally {
                busy = false;
                jobDone.run();
                // A job interrupted at the shutdown deadline must not leave the flag set for
                // the next take(), which would then end the worker early.
                Thread.interrupted();
            }
        }
    }

    boolean busy() {
        return busy;
    }

    Thread thread() {
        return thread;
    }

    int id() {
        return id;
    }
}
