package dev.weft.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code target/weft.jar} running as a real process, for the integration tests: started on a
 * free port, its URL read from the startup line, stopped with SIGTERM.
 */
final class WeftProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("at (http://[^ ]+/) ");

    final Process process;
    final String url;
    final int port;
    private final List<String> output = new ArrayList<>();

    private WeftProcess(Process process, String url) {
        this.process = process;
        this.url = url;
        this.port = Integer.parseInt(url.replaceAll(".*:(\\d+)/$", "$1"));
    }

    /** The JDK the tests run on (a 21+ toolchain), which also runs weft. */
    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path jar() {
        String jar = System.getProperty("weft.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property weft.jar must name the built jar, got " + jar);
        }
        return Path.of(jar);
    }

    static WeftProcess start(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return start(jvmOptions, Map.of(), args);
    }

    /** Starts weft with {@code env} added to this process's environment. */
    static WeftProcess start(List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaHome().resolve("bin/java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        command.add("-p");
        command.add("0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                if (!process.isAlive() && lines.isEmpty()) {
                    break;
                }
                continue;
            }
            seen.append(line).append('\n');
            Matcher m = URL.matcher(line);
            if (m.find()) {
                return new WeftProcess(process, m.group(1));
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("weft did not print its URL; output:\n" + seen);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: graceful shutdown
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
