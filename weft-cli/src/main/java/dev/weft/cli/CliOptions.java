package dev.weft.cli;

import dev.weft.files.StaticFilesConfig;
import dev.weft.server.ServerConfig;
import java.time.Duration;
import java.util.Locale;

/** The parsed command line. Every flag is listed in {@link #HELP}. */
final class CliOptions {

    static final String HELP = """
            Usage: weft [OPTIONS] [DIR]

            Serves the folder DIR over HTTP/1.1: files with their content type, ETag and
            Last-Modified, ranges and compression; folders as their index.html or a listing.
            Without DIR, serves the built-in site (GET / says hello, GET /sleep says hello
            after 5 s, anything else is a 404 page).

            Options:
              -d, --dir DIR              folder to serve (same as giving DIR)
              -b, --bind ADDR            address to listen on (default 127.0.0.1; 0.0.0.0 for all)
              -p, --port N               port to listen on (default 7878; 0 picks a free port)
                  --show-hidden          list and serve dot files and folders (default: 404)
                  --follow-links         follow symbolic links that lead out of DIR (default:
                                         such links are 404; links inside DIR always work)
                  --cache VALUE          Cache-Control value for files, e.g. max-age=3600
                                         (default: none)
                  --no-compression       never send .br/.gz sidecars or gzip on the fly
                  --workers N            serve with a fixed pool of N platform worker threads,
                                         as in the Rust book (default: one virtual thread per
                                         connection)
                  --queue N              with --workers: connections that may wait for a free
                                         worker before new ones get 503 (default 256)
                  --max-connections N    connections served at once before new ones get 503
                                         (default 10000)
                  --backlog N            pending connections the OS may queue (default 1024)
                  --shutdown-timeout T   on SIGINT/SIGTERM, how long requests in flight may take
                                         to finish: 30, 30s, 500ms, 2m (default 30s)
                  --idle-timeout T       how long a keep-alive connection may sit idle (default 30s)
                  --header-timeout T     how long a request head may take to arrive; slower
                                         clients (slowloris) get 408 (default 10s)
                  --read-timeout T       longest silence while a request is arriving (default 30s)
                  --min-body-rate BYTES  slowest a request body may arrive, per second, after
                                         the header timeout's grace; 0 = off (default 1k)
                  --write-timeout T      how long a write may stay blocked on a client that
                                         stopped reading before it is dropped (default 30s)
                  --max-body SIZE        largest request body: 512, 64k, 16m, 1g (default 16m)
              -h, --help                 show this help and exit
              -V, --version              show the version and exit

            Exit status: 0 after a clean shutdown, 1 if requests were cut off at the shutdown
            deadline or the server could not start, 2 for a bad command line or a folder that
            does not exist or cannot be read.
            """;

    boolean help;
    boolean version;
    String host = "127.0.0.1";
    int port = 7878;
    int workers = 0;
    int queue = 256;
    int maxConnections = 10_000;
    int backlog = 1024;
    Duration shutdownTimeout = Duration.ofSeconds(30);
    Duration idleTimeout = Duration.ofSeconds(30);
    Duration headerTimeout = Duration.ofSeconds(10);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration writeTimeout = Duration.ofSeconds(30);
    long minBodyRate = 1024;
    long maxBody = 16L << 20;
    String dir;
    boolean showHidden;
    boolean followLinks;
    String cacheControl;
    boolean compression = true;

    static CliOptions parse(String... args) throws UsageException {
        CliOptions o = new CliOptions();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-h", "--help" -> o.help = true;
                case "-V", "--version" -> o.version = true;
                case "-b", "--bind" -> o.host = text(arg, value != null ? value : next(args, ++i, arg));
                case "-p", "--port" -> o.port = integer(arg, value != null ? value : next(args, ++i, arg), 0, 65535);
                case "--workers" -> o.workers = integer(arg, value != null ? value : next(args, ++i, arg), 1, 10_000);
                case "--queue" -> o.queue = integer(arg, value != null ? value : next(args, ++i, arg), 1, 1_000_000);
                case "--max-connections" ->
                        o.maxConnections = integer(arg, value != null ? value : next(args, ++i, arg), 1, 10_000_000);
                case "--backlog" -> o.backlog = integer(arg, value != null ? value : next(args, ++i, arg), 1, 65535);
                case "--shutdown-timeout" -> o.shutdownTimeout = duration(arg, value != null ? value : next(args, ++i, arg), true);
                case "--idle-timeout" -> o.idleTimeout = duration(arg, value != null ? value : next(args, ++i, arg), false);
                case "--max-body" -> o.maxBody = size(arg, value != null ? value : next(args, ++i, arg));
                case "--header-timeout" -> o.headerTimeout = duration(arg, value != null ? value : next(args, ++i, arg), false);
                case "--read-timeout" -> o.readTimeout = duration(arg, value != null ? value : next(args, ++i, arg), false);
                case "--write-timeout" -> o.writeTimeout = duration(arg, value != null ? value : next(args, ++i, arg), false);
                case "--min-body-rate" -> o.minBodyRate = size(arg, value != null ? value : next(args, ++i, arg));
                case "-d", "--dir" -> o.dir(text(arg, value != null ? value : next(args, ++i, arg)));
                case "--show-hidden" -> o.showHidden = flag(arg, value);
                case "--follow-links" -> o.followLinks = flag(arg, value);
                case "--no-compression" -> o.compression = !flag(arg, value);
                case "--cache" -> o.cacheControl = cacheControl(arg, value != null ? value : next(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-") && arg.length() > 1) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    o.dir(arg);
                }
            }
        }
        return o;
    }

    private void dir(String value) throws UsageException {
        if (dir != null) {
            throw new UsageException("only one folder can be served, got '" + dir + "' and '" + value + "'");
        }
        dir = value;
    }

    private static boolean flag(String flag, String value) throws UsageException {
        if (value != null) {
            throw new UsageException("option '" + flag + "' takes no value");
        }
        return true;
    }

    private static String cacheControl(String flag, String value) throws UsageException {
        text(flag, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new UsageException("option '" + flag + "' may only hold printable ASCII, e.g. max-age=3600");
            }
        }
        return value.strip();
    }

    /** The static-file options, for when a folder is served. */
    StaticFilesConfig filesConfig() {
        return StaticFilesConfig.defaults()
                .withShowHidden(showHidden)
                .withFollowLinks(followLinks)
                .withCacheControl(cacheControl)
                .withCompression(compression);
    }

    ServerConfig config() {
        return ServerConfig.builder()
                .host(host)
                .port(port)
                .workers(workers)
                .queueCapacity(queue)
                .maxConnections(maxConnections)
                .backlog(backlog)
                .shutdownTimeout(shutdownTimeout)
                .idleTimeout(idleTimeout)
                .headerTimeout(headerTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(writeTimeout)
                .minBodyRate(minBodyRate)
                .maxBodyBytes(maxBody)
                .build();
    }

    private static String next(String[] args, int i, String flag) throws UsageException {
        if (i >= args.length) {
            throw new UsageException("option '" + flag + "' needs a value");
        }
        return args[i];
    }

    private static String text(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("option '" + flag + "' needs a value");
        }
        return value;
    }

    private static int integer(String flag, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException("option '" + flag + "' must be between " + min + " and " + max + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("option '" + flag + "' needs a whole number, got '" + value + "'");
        }
    }

    static Duration duration(String flag, String value, boolean zeroAllowed) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (v.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(v));
            }
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new UsageException("option '" + flag + "' must be " + (zeroAllowed ? "zero or more" : "positive") + ", got '" + value + "'");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("option '" + flag + "' needs a duration such as 30s, 500ms or 2m, got '" + value + "'");
        }
    }

    static long size(String flag, String value) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k")) {
            unit = 1L << 10;
        } else if (v.endsWith("m")) {
            unit = 1L << 20;
        } else if (v.endsWith("g")) {
            unit = 1L << 30;
        }
        if (unit != 1) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("option '" + flag + "' needs a size such as 512, 64k or 16m, got '" + value + "'");
        }
    }
}
