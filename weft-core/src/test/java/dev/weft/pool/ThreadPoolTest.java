package dev.weft.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadPoolTest {

    @Test
    void aThrowingJobDoesNotKillItsWorker() throws InterruptedException {
        ThreadPool pool = new ThreadPool(1, 10, "test-worker-");
        try {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(3);
            for (int i = 0; i < 3; i++) {
                assertTrue(pool.tryExecute(() -> {
                    threads.add(Thread.currentThread().getName());
                    done.countDown();
                    throw new IllegalStateException("boom");
                }));
            }
            assertTrue(done.await(5, TimeUnit.SECONDS), "all three jobs ran despite each one throwing");
            assertEquals(Set.of("test-worker-0"), threads, "the same single worker ran them all");
        } finally {
            assertEquals(0, pool.shutdown(Duration.ofSeconds(5)));
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws InterruptedException {
        ThreadPool pool = new ThreadPool(1, 2, "test-worker-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try {
            assertTrue(pool.tryExecute(() -> {
                started.countDown();
                await(release);
            }));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertTrue(pool.tryExecute(() -> { }));
            assertTrue(pool.tryExecute(() -> { }));
            assertEquals(2, pool.queued());
            assertFalse(pool.tryExecute(() -> { }), "queue of 2 is full");
            assertEquals(1, pool.active());
        } finally {
            release.countDown();
            pool.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void shutdownFinishesQueuedAndRunningJobsThenJoins() {
        ThreadPool pool = new ThreadPool(2, 100, "test-worker-");
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 20; i++) {
            assertTrue(pool.tryExecute(() -> {
                sleep(20);
                ran.incrementAndGet();
            }));
        }
        int interrupted = pool.shutdown(Duration.ofSeconds(30));
        assertEquals(0, interrupted);
        assertEquals(20, ran.get(), "every queued job ran before the workers stopped");
        assertFalse(pool.tryExecute(() -> { }), "no intake after shutdown");
    }

    @Test
    void shutdownInterruptsJobsPastTheDeadline() {
        ThreadPool pool = new ThreadPool(1, 10, "test-worker-");
        AtomicInteger interruptedJobs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        pool.tryExecute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interruptedJobs.incrementAndGet();
            }
        });
        await(started);
        long t0 = System.nanoTime();
        int interrupted = pool.shutdown(Duration.ofMillis(200));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(1, interrupted);
        assertEquals(1, interruptedJobs.get());
        assertTrue(tookMillis < 10_000, "returned soon after the deadline, took " + tookMillis + " ms");
    }

    @Test
    void virtualPoolCountsRunningJobsAndRefusesAfterShutdown() throws InterruptedException {
        VirtualThreadPool pool = new VirtualThreadPool("test-vt-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(pool.tryExecute(() -> {
                started.countDown();
                await(release);
            }));
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(3, pool.active());
        release.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pool.active() > 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals(0, pool.active(), "finished jobs are not counted");
        assertEquals(0, pool.shutdown(Duration.ofSeconds(5)));
        assertFalse(pool.tryExecute(() -> { }), "a pool that was shut down takes nothing");
    }

    @Test
    void virtualPoolSurvivesThrowingJobs() throws InterruptedException {
        VirtualThreadPool pool = new VirtualThreadPool("test-vt-");
        CountDownLatch second = new CountDownLatch(1);
        assertTrue(pool.tryExecute(() -> {
            throw new IllegalStateException("boom");
        }));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!pool.tryExecute(second::countDown) && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertTrue(second.await(5, TimeUnit.SECONDS), "a job after a failed one runs");
        pool.shutdown(Duration.ofSeconds(5));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
