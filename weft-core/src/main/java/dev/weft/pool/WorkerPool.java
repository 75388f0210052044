package dev.weft.pool;

import java.time.Duration;

/**
 * Runs jobs (one per connection, in weft) on threads, with a bounded capacity and an orderly
 * shutdown. The Rust book's {@code ThreadPool} is one implementation ({@link ThreadPool});
 * a virtual thread per job is the other ({@link VirtualThreadPool}).
 *
 * <p>The book's {@code Job} is a {@link Runnable} here.
 */
public interface WorkerPool extends AutoCloseable {

    /**
     * Hands {@code job} to the pool.
     *
     * @return false, without running it, if the pool is full or shutting down: the caller
     *         must refuse the work (weft answers {@code 503})
     */
    boolean tryExecute(Runnable job);

    /** Jobs running right now. */
    int active();

    /** Jobs accepted but not yet started. */
    int queued();

    /** A short description for logs, e.g. {@code "4 platform workers"}. */
    String describe();

    /**
     * Stops taking jobs, lets queued and running jobs finish until {@code deadline} has passed,
     * then interrupts what is still running and joins every thread.
     *
     * @return how many jobs had to be interrupted at the deadline
     */
    int shutdown(Duration deadline);

    /** {@link #shutdown} with a 30 second deadline. */
    @Override
    default void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
