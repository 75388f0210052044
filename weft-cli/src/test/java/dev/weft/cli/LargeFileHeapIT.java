package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 GiB file served to 16 clients at once by a weft with a 64 MiB heap: the bytes go from
 * the file to the sockets without passing through the heap, so the heap stays where a tiny
 * file leaves it. Measured from outside with {@code jcmd GC.heap_info} after a full GC while
 * all 16 transfers are in flight.
 */
class LargeFileHeapIT {

    private static final long SIZE = 2L << 30;
    private static final int CLIENTS = 16;
    /** Each client reads this much of the file before the heap is measured, then the rest. */
    private static final long BEFORE_MEASURING = 64L << 20;

    @TempDir
    Path dir;

    @Test
    void twoGibToSixteenClientsUnderASmallHeap() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
            f.setLength(SIZE); // sparse: no disk, reads as zeros
        }
        try (WeftProcess weft = WeftProcess.start(List.of("-Xmx64m", "-XX:+UseSerialGC"), dir.toString());
             ExecutorService pool = Executors.newFixedThreadPool(CLIENTS)) {
            // Warm the request path once, then take the baseline.
            assertEquals(1000, readFile(weft.port, 1000, null, null));
            long baseline = liveHeapKiB(weft.pid());

            CountDownLatch started = new CountDownLatch(CLIENTS);
            CountDownLatch measured = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                results.add(pool.submit(() -> readFile(weft.port, SIZE, started, measured)));
            }
            assertTrue(started.await(120, TimeUnit.SECONDS), "clients did not get going");
            long during = liveHeapKiB(weft.pid());
            measured.countDown();
            for (Future<Long> r : results) {
                assertEquals(SIZE, r.get(10, TimeUnit.MINUTES));
            }
            assertTrue(weft.process.isAlive(), "weft died");
            long after = liveHeapKiB(weft.pid());
            System.out.printf("live heap: baseline %d KiB, with 16 x 2 GiB in flight %d KiB, after %d KiB%n",
                    baseline, during, after);
            assertTrue(during < baseline + 8 * 1024, "heap grew from " + baseline + " KiB to " + during + " KiB");
            assertTrue(after < baseline + 8 * 1024, "heap grew from " + baseline + " KiB to " + after + " KiB");
        }
    }

    /**
     * A client that stops reading in the middle of a zero-copy transfer: the server must wait
     * for it without burning a core, and its write watchdog must drop it. Before the fix in
     * {@code ConnectionOutput.transferFrom}, transferTo returned 0 in a tight loop (each call
     * too short for the watchdog to see), so the stalled client held a spinning thread and,
     * once it read again, got the whole file.
     */
    @Test
    void aClientThatStopsReadingIsDroppedByTheWriteTimeout() throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("big.bin").toFile(), "rw")) {
            f.setLength(SIZE);
        }
        try (WeftProcess weft = WeftProcess.start(List.of(), dir.toString(), "--write-timeout", "1s");
             Socket s = new Socket("127.0.0.1", weft.port)) {
            s.setReceiveBufferSize(64 * 1024);
            s.setSoTimeout(60_000);
            s.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertTrue(readHead(in).contains("Content-Length: " + SIZE + "\r\n"));
            long cpuBefore = cpuMillis(weft.pid());
            Thread.sleep(4000); // stop reading: the send buffer fills and the server's write blocks
            long cpuDuringStall = cpuMillis(weft.pid()) - cpuBefore;
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                }
            } catch (java.net.SocketException reset) {
                // dropped by the server: what we expect
            }
            assertTrue(total < SIZE, "the stalled client got the whole file: it was never dropped");
            // Generous bound: a spinning thread would use ~4000 ms of CPU in the 4 s stall.
            assertTrue(cpuDuringStall < 2000, "weft used " + cpuDuringStall + " ms of CPU while the client read nothing");
        }
    }

    /** CPU time of a process so far (user + system), from /proc. */
    private static long cpuMillis(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** GETs the file, checks the head, reads the body to the end and returns how many bytes came. */
    private static long readFile(int port, long expected, CountDownLatch started, CountDownLatch measured) throws Exception {
        String name = "big.bin";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            String range = expected == SIZE ? "" : "Range: bytes=0-" + (expected - 1) + "\r\n";
            out.write(("GET /" + name + " HTTP/1.1\r\nHost: x\r\n" + range + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertTrue(head.contains("Content-Length: " + expected + "\r\n"), head);
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            boolean signalled = started == null;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (!signalled && total >= BEFORE_MEASURING) {
                    signalled = true;
                    started.countDown();
                    measured.await(); // hold the transfer open (the server blocks on a full socket) while measuring
                }
            }
            return total;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    /** Heap in use after a full GC, in KiB, summed over the generations. */
    private static long liveHeapKiB(long pid) throws Exception {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        for (String line : info.lines().toList()) {
            Matcher m = USED.matcher(line); // one line per generation ("DefNew", "Tenured")
            if (m.find()) {
                used += Long.parseLong(m.group(1));
            }
        }
        assertTrue(used > 0, "could not read the heap:\n" + info);
        return used;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process p = new ProcessBuilder(WeftProcess.javaHome().resolve("bin/jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "jcmd hung");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
