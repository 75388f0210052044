package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The real {@code weft} process, started from the built jar: signals, exit codes, and the
 * chapter's point about threads, with generous bounds (these machines are shared and noisy).
 */
class WeftProcessIT {

    /** A running weft process and what it printed. */
    static final class Weft implements AutoCloseable {
        final Process process;
        final int port;
        final StringBuffer output = new StringBuffer();
        private final Thread reader;

        Weft(String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-jar");
            command.add(Path.of(System.getProperty("weft.jar", "target/weft.jar")).toString());
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.reader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        output.append(line).append('\n');
                    }
                } catch (IOException e) {
                    output.append("[reader: ").append(e).append("]\n");
                }
            });
            Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Integer found = null;
            while (found == null && System.nanoTime() < until && process.isAlive()) {
                Matcher m = url.matcher(output);
                if (m.find()) {
                    found = Integer.parseInt(m.group(1));
                }
                Thread.sleep(20);
            }
            if (found == null) {
                process.destroyForcibly();
                throw new AssertionError("weft did not start: " + output);
            }
            port = found;
        }

        /** Everything the process printed, once it has exited. */
        String finalOutput() throws InterruptedException {
            reader.join(10_000);
            return output.toString();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Sends {@code GET path} on a fresh connection and returns the status line and body. */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sigtermTurnsReadinessDownForTheDrainDelayThenExitsZero() throws Exception {
        try (Weft weft = new Weft("--port", "0", "--health", "/health", "--drain-delay", "3s")) {
            assertTrue(get(weft.port, "/health/ready").startsWith("HTTP/1.1 200 "));
            long t0 = System.nanoTime();
            assertTrue(weft.process.toHandle().destroy()); // SIGTERM
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            String ready = get(weft.port, "/health/ready");
            while (!ready.startsWith("HTTP/1.1 503 ") && System.nanoTime() < until) {
                Thread.sleep(20);
                ready = get(weft.port, "/health/ready");
            }
            assertTrue(ready.startsWith("HTTP/1.1 503 "), ready);
            assertTrue(ready.contains("\"draining\":true"), ready);
            assertTrue(get(weft.port, "/health/live").startsWith("HTTP/1.1 200 "), "still live while draining");
            String hello = get(weft.port, "/");
            assertTrue(hello.startsWith("HTTP/1.1 200 ") && hello.contains("<h1>Hello!</h1>"), "still serving: " + hello);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "checked within the delay");
            assertTrue(weft.process.waitFor(30, TimeUnit.SECONDS), "exited");
            assertEquals(0, weft.process.exitValue(), weft.output.toString());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(2900), "not before the delay was over");
            String out = weft.finalOutput();
            assertTrue(out.contains("SIGTERM received, readiness is 503; still serving for 3.0 s"), out);
            assertTrue(out.contains("weft: stopped: "), out);
        }
    }

    @Test
    void sigtermDrainsFiftySleepingRequestsAndExitsZero() throws Exception {
        try (Weft weft = new Weft("--port", "0");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                replies.add(clients.submit(() -> get(weft.port, "/sleep")));
            }
            Thread.sleep(1500); // all 50 are now inside their 5 s sleep
            long t0 = System.nanoTime();
            // SIGTERM; Process.destroy() would also close our end of its output pipe.
            assertTrue(weft.process.toHandle().destroy());
            for (Future<String> reply : replies) {
                String r = reply.get(30, TimeUnit.SECONDS);
                assertTrue(r.startsWith("HTTP/1.1 200 OK"), r);
                assertTrue(r.contains("<h1>Hello!</h1>"), r);
            }
            assertTrue(weft.process.waitFor(30, TimeUnit.SECONDS), "exited");
            long tookMillis = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, weft.process.exitValue(), weft.output.toString());
            assertTrue(tookMillis < 20_000, "exited within the deadline: " + tookMillis + " ms");
            String out = weft.finalOutput();
            assertTrue(out.contains("SIGTERM received"), out);
            assertTrue(out.contains("50 in-flight finished"), out);
            assertTrue(out.contains("0 cut off"), out);
            try {
                new Socket("127.0.0.1", weft.port).close();
                throw new AssertionError("still accepting after exit");
            } catch (ConnectException expected) {
                // refused: nothing listens any more
            }
        }
    }

    @Test
    void fourWorkersServeEightSleepsInTwoRounds() throws Exception {
        try (Weft weft = new Weft("--port", "0", "--workers", "4");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            assertTrue(weft.output.toString().contains("4 platform workers"), weft.output.toString());
            long t0 = System.nanoTime();
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> get(weft.port, "/sleep")));
            }
            for (Future<String> reply : replies) {
                assertTrue(reply.get(60, TimeUnit.SECONDS).startsWith("HTTP/1.1 200 OK"));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // Two rounds of 5 s: at least 10 s, and not a third round.
            assertTrue(seconds >= 9.9 && seconds < 15, "8 sleeps on 4 workers took " + seconds + " s");
        }
    }

    @Test
    void virtualThreadsServeAThousandSleepsAtOnce() throws Exception {
        try (Weft weft = new Weft("--port", "0");
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            long t0 = System.nanoTime();
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(clients.submit(() -> get(weft.port, "/sleep")));
            }
            int ok = 0;
            for (Future<String> reply : replies) {
                if (reply.get(60, TimeUnit.SECONDS).startsWith("HTTP/1.1 200 OK")) {
                    ok++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(1000, ok);
            assertTrue(seconds >= 4.9 && seconds < 10, "1000 sleeps on virtual threads took " + seconds + " s");
        }
    }
}
