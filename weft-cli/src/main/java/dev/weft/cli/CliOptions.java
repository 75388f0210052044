package dev.weft.cli;

import dev.weft.files.StaticFilesConfig;
import dev.weft.filters.AccessLogFilter;
import dev.weft.filters.AccessLogWriter;
import dev.weft.filters.BasicAuthFilter;
import dev.weft.filters.CorsFilter;
import dev.weft.filters.ForwardedFilter;
import dev.weft.filters.Health;
import dev.weft.filters.ResponseHeadersFilter;
import dev.weft.filters.TrustedProxies;
import dev.weft.http.Filter;
import dev.weft.http.Headers;
import dev.weft.http.InvalidHeaderException;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
                  --no-listing           folders without index.html are 404, not a listing
                  --spa                  single-page app: a GET for a path that does not exist
                                         and has no extension (/users/42, not /app.js) gets
                                         DIR/index.html, with Cache-Control: no-cache
                  --cors ORIGINS         let pages from these origins read the files:
                                         https://a.example,http://localhost:3000, or * for any
                  --header NAME:VALUE    add this header to every response (repeatable), e.g.
                                         --header 'X-Frame-Options: DENY'
                  --auth USER:sha256:HEX require HTTP Basic login (repeatable, one per user);
                                         HEX is the SHA-256 of the password:
                                         printf %s 'PASSWORD' | sha256sum
                  --health PREFIX        answer health probes at PREFIX/live and PREFIX/ready,
                                         e.g. --health /health: 200 with a JSON body when up,
                                         503 when not; readiness is 503 from SIGTERM on
                  --drain-delay T        on SIGTERM, how long to keep serving, with readiness
                                         503, before the listener closes, so that load
                                         balancers stop sending first: 10s, 500ms, 1m
                                         (default 0; at most 5m)
                  --access-log FILE      log every request to FILE (appended), or to stdout
                                         with -; lines that cannot be written fast enough are
                                         dropped and counted, never buffered without bound
                  --access-log-format F  combined (nginx's, the default) or json (one object
                                         a line)
                  --trusted-proxies CIDRS
                                         believe Forwarded and X-Forwarded-For/-Proto/-Host
                                         from these proxies only, e.g. 10.0.0.0/8,::1: the
                                         client address and scheme are then the real client's
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

            Environment: every option can also be set as WEFT_ and its name in upper case
            with - as _ (WEFT_PORT=8080, WEFT_DIR=site, WEFT_MAX_BODY=64k); the command line
            wins. Flags without a value take 1/true/yes or 0/false/no (WEFT_SPA=1);
            repeatable ones one value per line (WEFT_HEADER, WEFT_AUTH). Empty means unset.

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
    boolean listing = true;
    boolean spa;
    /** Allowed CORS origins, normalized; {@code ["*"]} for any; empty for no CORS. */
    List<String> corsOrigins = List.of();
    /** {@code --header} fields, in order. */
    final Headers headers = new Headers();
    /** {@code --auth} users: name and SHA-256 hex, in order. */
    final List<String[]> users = new ArrayList<>();
    /** {@code --health}: the prefix of the probe paths, or {@code null} for none. */
    String healthPrefix;
    /** {@code --drain-delay}: how long readiness is 503 before the listener closes. */
    Duration drainDelay = Duration.ZERO;
    /** {@code --access-log}: a file, {@code -} for stdout, or {@code null} for none. */
    String accessLog;
    /** {@code --access-log-format}. */
    AccessLogWriter.Format accessLogFormat = AccessLogWriter.Format.COMBINED;
    /** {@code --trusted-proxies}, or {@code null} for none. */
    TrustedProxies trustedProxies;

    /** The longest {@code --drain-delay}: longer is surely a mistake, and would outlast any orchestrator's grace period. */
    static final Duration MAX_DRAIN_DELAY = Duration.ofMinutes(5);

    /** How many times a repeatable option may be given, on the command line or in its variable. */
    static final int MAX_REPEATS = 100;

    /** Applies one value of an option; {@code label} names where it came from, for messages. */
    @FunctionalInterface
    private interface Setter {
        void set(CliOptions o, String label, String value) throws UsageException;
    }

    /** A flag without a value, an option with one, or an option that may be given many times. */
    private enum Kind { FLAG, VALUE, REPEATED }

    /**
     * One option. A {@link Kind#FLAG}'s setter gets {@code "true"} or {@code "false"}; a
     * {@link Kind#REPEATED} one's is called once per value.
     */
    private record Option(String name, String shortName, Kind kind, Setter setter) {
        /** The environment variable: {@code --max-body} is {@code WEFT_MAX_BODY}. */
        String env() {
            return "WEFT_" + name.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
        }
    }

    private static final List<Option> OPTIONS = List.of(
            new Option("--dir", "-d", Kind.VALUE, (o, l, v) -> o.dir(text(l, v))),
            new Option("--bind", "-b", Kind.VALUE, (o, l, v) -> o.host = text(l, v)),
            new Option("--port", "-p", Kind.VALUE, (o, l, v) -> o.port = integer(l, v, 0, 65535)),
            new Option("--show-hidden", null, Kind.FLAG, (o, l, v) -> o.showHidden = Boolean.parseBoolean(v)),
            new Option("--follow-links", null, Kind.FLAG, (o, l, v) -> o.followLinks = Boolean.parseBoolean(v)),
            new Option("--cache", null, Kind.VALUE, (o, l, v) -> o.cacheControl = cacheControl(l, v)),
            new Option("--no-compression", null, Kind.FLAG, (o, l, v) -> o.compression = !Boolean.parseBoolean(v)),
            new Option("--no-listing", null, Kind.FLAG, (o, l, v) -> o.listing = !Boolean.parseBoolean(v)),
            new Option("--spa", null, Kind.FLAG, (o, l, v) -> o.spa = Boolean.parseBoolean(v)),
            new Option("--cors", null, Kind.VALUE, (o, l, v) -> o.corsOrigins = origins(l, v)),
            new Option("--header", null, Kind.REPEATED, (o, l, v) -> o.header(l, v)),
            new Option("--auth", null, Kind.REPEATED, (o, l, v) -> o.auth(l, v)),
            new Option("--health", null, Kind.VALUE, (o, l, v) -> o.healthPrefix = healthPrefix(l, v)),
            new Option("--drain-delay", null, Kind.VALUE, (o, l, v) -> o.drainDelay = drainDelay(l, v)),
            new Option("--access-log", null, Kind.VALUE, (o, l, v) -> o.accessLog = text(l, v)),
            new Option("--access-log-format", null, Kind.VALUE, (o, l, v) -> o.accessLogFormat = logFormat(l, v)),
            new Option("--trusted-proxies", null, Kind.VALUE, (o, l, v) -> o.trustedProxies = proxies(l, v)),
            new Option("--workers", null, Kind.VALUE, (o, l, v) -> o.workers = integer(l, v, 1, 10_000)),
            new Option("--queue", null, Kind.VALUE, (o, l, v) -> o.queue = integer(l, v, 1, 1_000_000)),
            new Option("--max-connections", null, Kind.VALUE,
                    (o, l, v) -> o.maxConnections = integer(l, v, 1, 10_000_000)),
            new Option("--backlog", null, Kind.VALUE, (o, l, v) -> o.backlog = integer(l, v, 1, 65535)),
            new Option("--shutdown-timeout", null, Kind.VALUE, (o, l, v) -> o.shutdownTimeout = duration(l, v, true)),
            new Option("--idle-timeout", null, Kind.VALUE, (o, l, v) -> o.idleTimeout = duration(l, v, false)),
            new Option("--header-timeout", null, Kind.VALUE, (o, l, v) -> o.headerTimeout = duration(l, v, false)),
            new Option("--read-timeout", null, Kind.VALUE, (o, l, v) -> o.readTimeout = duration(l, v, false)),
            new Option("--min-body-rate", null, Kind.VALUE, (o, l, v) -> o.minBodyRate = size(l, v)),
            new Option("--write-timeout", null, Kind.VALUE, (o, l, v) -> o.writeTimeout = duration(l, v, false)),
            new Option("--max-body", null, Kind.VALUE, (o, l, v) -> o.maxBody = size(l, v)));

    /** The environment variables weft reads, one per option, in the order of {@link #HELP}. */
    static List<String> environmentVariables() {
        return OPTIONS.stream().map(Option::env).toList();
    }

    /** Parses a command line alone, as if no {@code WEFT_*} variable were set. */
    static CliOptions parse(String... args) throws UsageException {
        return parse(Map.of(), args);
    }

    /**
     * Parses a command line, then takes each option it did not give from its {@code WEFT_*}
     * variable in {@code env}: the command line wins. An empty variable counts as unset.
     */
    static CliOptions parse(Map<String, String> env, String... args) throws UsageException {
        CliOptions o = new CliOptions();
        Set<Option> given = new HashSet<>();
        Map<Option, Integer> repeats = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("-h") || arg.equals("--help")) {
                o.help = noValue(arg, value);
                continue;
            }
            if (arg.equals("-V") || arg.equals("--version")) {
                o.version = noValue(arg, value);
                continue;
            }
            Option option = find(arg);
            String label = "option '" + arg + "'";
            if (option == null) {
                if (arg.startsWith("-") && arg.length() > 1) {
                    throw new UsageException("unknown option '" + arg + "'");
                }
                o.dir(arg);
                given.add(find("--dir"));
                continue;
            }
            given.add(option);
            switch (option.kind()) {
                case FLAG -> option.setter().set(o, label, String.valueOf(noValue(arg, value)));
                case VALUE -> option.setter().set(o, label, value != null ? value : next(args, ++i, arg));
                case REPEATED -> {
                    if (repeats.merge(option, 1, Integer::sum) > MAX_REPEATS) {
                        throw new UsageException(label + " may be given at most " + MAX_REPEATS + " times");
                    }
                    option.setter().set(o, label, value != null ? value : next(args, ++i, arg));
                }
            }
        }
        if (o.help || o.version) {
            return o; // a bad variable must not keep anyone from the help
        }
        for (Option option : OPTIONS) {
            String raw = env.get(option.env());
            if (given.contains(option) || raw == null || raw.isEmpty()) {
                continue;
            }
            String label = "environment variable " + option.env();
            switch (option.kind()) {
                case FLAG -> option.setter().set(o, label, String.valueOf(bool(label, raw)));
                case VALUE -> option.setter().set(o, label, raw);
                case REPEATED -> {
                    List<String> values = raw.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
                    if (values.size() > MAX_REPEATS) {
                        throw new UsageException(label + " may hold at most " + MAX_REPEATS + " lines");
                    }
                    for (String v : values) {
                        option.setter().set(o, label, v);
                    }
                }
            }
        }
        if (o.dir == null && (o.spa || !o.listing)) {
            throw new UsageException((o.spa ? "--spa" : "--no-listing") + " needs a folder to serve (DIR)");
        }
        return o;
    }

    private static Option find(String arg) {
        for (Option option : OPTIONS) {
            if (option.name().equals(arg) || arg.equals(option.shortName())) {
                return option;
            }
        }
        return null;
    }

    private static boolean noValue(String flag, String value) throws UsageException {
        if (value != null) {
            throw new UsageException("option '" + flag + "' takes no value");
        }
        return true;
    }

    /** A boolean variable: {@code 1}, {@code true}, {@code yes} or {@code 0}, {@code false}, {@code no}. */
    static boolean bool(String label, String value) throws UsageException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new UsageException(label + " must be 1, true or yes, or 0, false or no, got '" + value + "'");
        };
    }

    /**
     * {@code --cors}: {@code *}, or comma-separated origins ({@code scheme://host[:port]}, as
     * browsers send them in {@code Origin}), normalized: scheme and host in lower case, a
     * default port dropped.
     */
    static List<String> origins(String label, String value) throws UsageException {
        text(label, value);
        Set<String> origins = new LinkedHashSet<>();
        for (String part : value.split(",", -1)) {
            String origin = part.strip();
            if (origin.equals("*")) {
                origins.add("*");
                continue;
            }
            origins.add(origin(label, origin));
        }
        if (origins.contains("*") && origins.size() > 1) {
            throw new UsageException(label + " takes either * or a list of origins, not both");
        }
        return List.copyOf(origins);
    }

    private static String origin(String label, String origin) throws UsageException {
        String problem = label + " needs origins such as https://app.example or http://localhost:3000, got '" + origin + "'";
        if (origin.isEmpty() || !origin.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new UsageException(problem);
        }
        if (origin.equalsIgnoreCase("null")) {
            throw new UsageException(label + ": the origin 'null' (sandboxed frames, file: pages) cannot be allowed safely");
        }
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            throw new UsageException(problem);
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UsageException(problem);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == 0 || port > 65535) {
            throw new UsageException(problem);
        }
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port < 0 || defaultPort ? "" : ":" + port);
    }

    /** {@code --header NAME:VALUE}: a token name, and a value a header field may hold (spaces around it dropped). */
    private void header(String label, String value) throws UsageException {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new UsageException(label + " needs NAME:VALUE, e.g. 'X-Frame-Options: DENY'");
        }
        String name = value.substring(0, colon);
        String fieldValue = value.substring(colon + 1).strip();
        try {
            new Headers().add(name, fieldValue);
        } catch (InvalidHeaderException e) {
            // The value is not shown: it may be a secret.
            throw new UsageException(label + ": '" + printable(name) + "' needs a token as its name and a value "
                    + "without control characters");
        }
        if (ResponseHeadersFilter.refused(name)) {
            throw new UsageException(label + ": " + name + " is set by the server and cannot be given");
        }
        headers.add(name, fieldValue);
    }

    /** {@code --auth USER:sha256:HEX}: a user and the SHA-256 of the password, in hex. */
    private void auth(String label, String value) throws UsageException {
        String usage = label + " needs USER:sha256:HEX, HEX being the output of printf %s PASSWORD | sha256sum";
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new UsageException(usage);
        }
        String name = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        if (!rest.regionMatches(true, 0, "sha256:", 0, 7)) {
            throw new UsageException(usage);
        }
        String hex = rest.substring(7).strip();
        try {
            BasicAuthFilter.builder().userSha256(name, hex); // the same checks the filter will make
        } catch (IllegalArgumentException e) {
            throw new UsageException(usage);
        }
        for (String[] user : users) {
            if (user[0].equals(name)) {
                throw new UsageException(label + ": the user '" + printable(name) + "' is given twice");
            }
        }
        users.add(new String[] {name, hex});
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }

    /**
     * The filters the options ask for, outermost first: CORS (preflights are answered before
     * authentication, as browsers send them without credentials), the fixed headers (so 401s
     * carry them too), then Basic authentication.
     */
    List<Filter> filters() {
        List<Filter> filters = new ArrayList<>();
        if (!corsOrigins.isEmpty()) {
            boolean any = corsOrigins.contains("*");
            CorsFilter.Builder cors = CorsFilter.builder()
                    .allowOrigins(corsOrigins.toArray(String[]::new))
                    .allowMethods("GET", "HEAD")
                    .allowHeaders("Authorization", "Range")
                    .exposeHeaders("ETag", "Content-Range", "Accept-Ranges")
                    // With a list of origins and --auth, those pages may send the credentials.
                    .allowCredentials(!any && !users.isEmpty());
            filters.add(cors.build());
        }
        if (!headers.isEmpty()) {
            filters.add(ResponseHeadersFilter.of(headers));
        }
        if (!users.isEmpty()) {
            BasicAuthFilter.Builder auth = BasicAuthFilter.builder();
            for (String[] user : users) {
                auth.userSha256(user[0], user[1]);
            }
            filters.add(auth.build());
        }
        return filters;
    }

    private static String healthPrefix(String label, String value) throws UsageException {
        try {
            new Health(value.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException(label + " needs a path prefix such as /health, got '" + printable(value) + "'");
        }
        return value.strip();
    }

    private static Duration drainDelay(String label, String value) throws UsageException {
        Duration d = duration(label, value, true);
        if (d.compareTo(MAX_DRAIN_DELAY) > 0) {
            throw new UsageException(label + " may be at most 5m, got '" + value + "'");
        }
        return d;
    }

    private static AccessLogWriter.Format logFormat(String label, String value) throws UsageException {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "combined" -> AccessLogWriter.Format.COMBINED;
            case "json" -> AccessLogWriter.Format.JSON;
            default -> throw new UsageException(label + " must be combined or json, got '" + printable(value) + "'");
        };
    }

    private static TrustedProxies proxies(String label, String value) throws UsageException {
        text(label, value);
        try {
            return TrustedProxies.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(label + ": " + printable(e.getMessage()));
        }
    }

    /**
     * The filters that go outside those of {@link #filters()}, outermost first: the trusted
     * proxies (so everything after sees the real client), health (so probes need no
     * credentials and stay out of the access log), then the access log.
     *
     * @param accessLog the access log's writer, or {@code null} for none
     */
    List<Filter> outerFilters(Health health, AccessLogWriter accessLog) {
        List<Filter> filters = new ArrayList<>();
        if (trustedProxies != null) {
            filters.add(ForwardedFilter.trusting(trustedProxies));
        }
        if (health != null) {
            filters.add(health);
        }
        if (accessLog != null) {
            filters.add(new AccessLogFilter(accessLog));
        }
        return filters;
    }

    private void dir(String value) throws UsageException {
        if (dir != null) {
            throw new UsageException("only one folder can be served, got '" + dir + "' and '" + value + "'");
        }
        dir = value;
    }

    private static String cacheControl(String label, String value) throws UsageException {
        text(label, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new UsageException(label + " may only hold printable ASCII, e.g. max-age=3600");
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
                .withCompression(compression)
                .withListing(listing)
                .withSpaFallback(spa);
    }

    ServerConfig config() {
        ServerConfig.Builder builder = ServerConfig.builder();
        if (workers > 0) {
            builder.workers(workers); // else one virtual thread per connection
        }
        return builder
                .host(host)
                .port(port)
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

    private static String text(String label, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(label + " needs a value");
        }
        return value;
    }

    private static int integer(String label, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException(label + " must be between " + min + " and " + max + ", got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(label + " needs a whole number, got '" + value + "'");
        }
    }

    static Duration duration(String label, String value, boolean zeroAllowed) throws UsageException {
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
                throw new UsageException(label + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", got '" + value + "'");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException(label + " needs a duration such as 30s, 500ms or 2m, got '" + value + "'");
        }
    }

    static long size(String label, String value) throws UsageException {
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
            throw new UsageException(label + " needs a size such as 512, 64k or 16m, got '" + value + "'");
        }
    }
}
