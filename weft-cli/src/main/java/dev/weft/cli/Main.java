package dev.weft.cli;

import dev.weft.files.StaticFiles;
import dev.weft.filters.AccessLogWriter;
import dev.weft.filters.Health;
import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.server.Server;
import dev.weft.server.ShutdownReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * The {@code weft} command: parses flags, starts a {@link Server}, and on SIGINT or SIGTERM
 * shuts it down gracefully and exits 0 if everything in flight finished.
 */
public final class Main {

    static final String VERSION = "0.1.0";

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n");
        int status = run(args, System.getenv(), System.out, System.err, Main::awaitSignal);
        System.exit(status);
    }

    /** Blocks until the process is told to stop; returns the signal's name. */
    @FunctionalInterface
    interface StopSignal {
        String await() throws InterruptedException;
    }

    /** {@link #run(String[], Map, PrintStream, PrintStream, StopSignal)} with no {@code WEFT_*} variables. */
    static int run(String[] args, PrintStream out, PrintStream err, StopSignal stop) {
        return run(args, Map.of(), out, err, stop);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, StopSignal stop) {
        CliOptions options;
        try {
            options = CliOptions.parse(env, args);
        } catch (UsageException e) {
            err.println("weft: " + e.getMessage() + " (try 'weft --help')");
            return 2;
        }
        if (options.help) {
            out.print(CliOptions.HELP);
            return 0;
        }
        if (options.version) {
            out.println("weft " + VERSION);
            return 0;
        }

        Handler handler;
        String what;
        if (options.dir != null) {
            Path dir = Path.of(options.dir);
            String problem = unservable(dir);
            if (problem != null) {
                err.println("weft: cannot serve '" + options.dir + "': " + problem);
                return 2;
            }
            try {
                StaticFiles files = new StaticFiles(dir, options.filesConfig());
                // Its 404s and 400s as responses, so that the filters add their headers to them.
                handler = request -> {
                    try {
                        return files.handle(request);
                    } catch (HttpException e) {
                        return ErrorResponses.of(request, e);
                    }
                };
                what = files.root().toString();
            } catch (IOException e) {
                err.println("weft: cannot serve '" + options.dir + "': " + e.getMessage());
                return 2;
            }
        } else {
            handler = new DefaultSite(Duration.ofSeconds(5));
            what = "the built-in site";
        }

        Health health = options.healthPrefix == null ? null : new Health(options.healthPrefix);
        AccessLogWriter accessLog = null;
        if (options.accessLog != null) {
            try {
                accessLog = options.accessLog.equals("-")
                        ? AccessLogWriter.toStream(out, options.accessLogFormat)
                        : AccessLogWriter.toFile(Path.of(options.accessLog), options.accessLogFormat);
            } catch (IOException | RuntimeException e) {
                err.println("weft: cannot open the access log '" + options.accessLog + "': "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such folder" : e.getMessage()));
                return 2;
            }
        }
        List<Filter> filters = new ArrayList<>(options.outerFilters(health, accessLog));
        filters.addAll(options.filters());
        handler = Filter.chain(filters, handler);

        Server server;
        try {
            server = Server.start(options.config(), handler);
        } catch (BindException e) {
            closeQuietly(accessLog);
            // Server.start names the address and the reason: "cannot listen on HOST:PORT: ...".
            err.println("weft: " + e.getMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(accessLog);
            err.println("weft: cannot listen on " + hostPort(options.host, options.port) + ": " + e.getMessage());
            return 1;
        }
        if (!options.users.isEmpty() && !server.address().getAddress().isLoopbackAddress()) {
            err.println("weft: warning: --auth over plain HTTP on " + hostPort(options.host, server.port())
                    + " sends passwords readable on the network (no TLS yet): use a TLS proxy or a trusted network");
            err.flush();
        }
        out.println("weft " + VERSION + " serving " + what + " at " + url(server.address())
                + " (" + server.mode() + ")");
        out.println("Press Ctrl+C to stop.");
        out.flush();

        String signal;
        try {
            signal = stop.await();
        } catch (InterruptedException e) {
            signal = "interrupt";
        }
        if (health != null) {
            health.markNotReady();
        }
        if (!options.drainDelay.isZero()) {
            out.println("weft: " + signal + " received, " + (health != null ? "readiness is 503; " : "")
                    + "still serving for " + options.drainDelay.toMillis() / 1000.0
                    + " s before the listener closes (--drain-delay; Ctrl+C again to quit now)");
            out.flush();
            try {
                Thread.sleep(options.drainDelay.toMillis());
            } catch (InterruptedException e) {
                // told to stop waiting: go on with the shutdown
            }
        }
        out.println("weft: " + (options.drainDelay.isZero() ? signal + " received" : "drain delay over")
                + ", finishing requests in flight (up to " + options.shutdownTimeout.toMillis() / 1000.0 + " s)");
        out.flush();
        ShutdownReport report = server.shutdown(options.shutdownTimeout);
        if (accessLog != null) {
            accessLog.close();
            if (accessLog.dropped() > 0) {
                err.println("weft: the access log dropped " + accessLog.dropped() + " lines it could not write in time");
                err.flush();
            }
        }
        out.println("weft: stopped: " + report);
        out.flush();
        return report.clean() ? 0 : 1;
    }

    private static void closeQuietly(AccessLogWriter log) {
        if (log != null) {
            log.close();
        }
    }

    private static String awaitSignal() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<String> name = new AtomicReference<>();
        for (String sig : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(sig), s -> {
                if (!name.compareAndSet(null, "SIG" + s.getName())) {
                    // A second signal while draining: the operator wants out now.
                    Runtime.getRuntime().halt(130);
                }
                latch.countDown();
            });
        }
        latch.await();
        return name.get();
    }

    /** Why {@code dir} cannot be served, or {@code null} if it can. */
    static String unservable(Path dir) {
        if (!Files.exists(dir)) {
            return "no such folder";
        }
        if (!Files.isDirectory(dir)) {
            return "not a folder";
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            return "permission denied";
        }
        try (DirectoryStream<Path> ignored = Files.newDirectoryStream(dir)) {
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * The URL to open. A wildcard bind (0.0.0.0 or ::) is reachable on loopback, and a browser
     * cannot open the wildcard address itself everywhere, so loopback is printed for it.
     */
    static String url(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip.isAnyLocalAddress()
                ? (ip instanceof java.net.Inet6Address ? "::1" : "127.0.0.1")
                : ip.getHostAddress();
        return "http://" + hostPort(host, address.getPort()) + "/";
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
