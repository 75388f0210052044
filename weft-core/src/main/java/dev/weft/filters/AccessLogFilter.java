package dev.weft.filters;

import dev.weft.http.Body;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.JsonText;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.http.StatusCodes;
import dev.weft.routing.RouteRecorder;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Times each request and reports it as an {@link Entry}: client address, method, target,
 * status, bytes sent, duration, user agent, referer, the route that matched, request id and
 * trace id. The time to produce the response also goes to the client as
 * {@code Server-Timing: app;dur=<ms>}, which browsers show in their developer tools.
 *
 * <p>Where entries go is up to the sink: by default one line per request at INFO to the
 * {@code dev.weft.access} {@link System.Logger}; {@link AccessLogWriter} writes nginx's
 * {@code combined} format or JSON lines to a file or stdout, off the request path.
 *
 * <p>When the entry is made: for a body of known length (bytes, a file), as soon as the
 * handler has returned, with that length as the bytes sent (0 for {@code HEAD} and bodiless
 * statuses); for a streamed body (length unknown), once the server has written it, with the
 * bytes actually written and the duration up to the end of the body. A handler that throws
 * is reported with status {@code 500} and the exception passes on unchanged.
 *
 * <p>Put this filter outermost (or just inside a {@link ForwardedFilter}, so that the
 * address it logs is the real client's), and the {@link RequestIdFilter} outside it if the
 * id should be logged. The route is known when a {@code Router} runs inside this filter
 * (see {@link RouteRecorder}).
 */
public final class AccessLogFilter implements Filter {

    /**
     * One access record.
     *
     * @param time          when the request reached this filter
     * @param remoteAddress the client's IP address, as {@link Request#remoteAddress()} says
     * @param remoteUser    the user name of HTTP Basic credentials the client sent (checked
     *                      or not, as nginx's {@code $remote_user}), or {@code null}
     * @param method        the request method
     * @param target        the request-target as sent
     * @param protocol      e.g. {@code HTTP/1.1}
     * @param status        the status the client got
     * @param bytesSent     the body bytes sent (see the class comment)
     * @param duration      from the request reaching this filter to the response (or, for a
     *                      streamed body, to the end of the body)
     * @param referer       the {@code Referer} field, or {@code null}
     * @param userAgent     the {@code User-Agent} field, or {@code null}
     * @param route         the pattern of the route that matched, e.g. {@code /todos/{id}}, or {@code null}
     * @param requestId     the {@link RequestId}, or {@code null}
     * @param traceId       the trace-id of a valid W3C {@code traceparent} field (32 lower-case
     *                      hex digits), or {@code null}
     */
    public record Entry(Instant time, String remoteAddress, String remoteUser, String method, String target,
                        String protocol, int status, long bytesSent, Duration duration, String referer,
                        String userAgent, String route, String requestId, String traceId) {

        /**
         * The entry of earlier releases, with only method, target, status, duration and
         * request id; the other components are unknown ({@code null}, or 0 bytes).
         */
        public Entry(String method, String target, int status, Duration duration, String requestId) {
            this(null, null, null, method, target, null, status, 0, duration, null, null, null, requestId, null);
        }

        /** A one-line rendering, e.g. {@code GET /todos 200 1.234ms id=...}. */
        @Override
        public String toString() {
            return method + " " + target + " " + status + " " + String.format(Locale.ROOT, "%.3fms", duration.toNanos() / 1e6)
                    + (requestId == null ? "" : " id=" + requestId);
        }

        private static final DateTimeFormatter TIME_LOCAL =
                DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

        /**
         * This entry in nginx's {@code combined} format, field for field:
         * {@code $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
         * "$http_referer" "$http_user_agent"}, with {@code -} for what is missing and the bytes
         * nginx escapes ({@code "}, {@code \}, control characters, non-ASCII) as {@code \xHH}.
         *
         * @param zone the time zone of {@code $time_local} (nginx uses the server's)
         */
        public String combined(ZoneId zone) {
            StringBuilder sb = new StringBuilder(160);
            nginx(sb, remoteAddress).append(" - ");
            nginx(sb, remoteUser).append(" [");
            sb.append(time == null ? "-" : TIME_LOCAL.format(ZonedDateTime.ofInstant(time, zone))).append("] \"");
            if (method == null) {
                sb.append('-');
            } else {
                escape(sb, method).append(' ');
                escape(sb, target == null ? "" : target);
                if (protocol != null) {
                    escape(sb.append(' '), protocol);
                }
            }
            sb.append("\" ").append(status).append(' ').append(bytesSent).append(" \"");
            nginx(sb, referer).append("\" \"");
            nginx(sb, userAgent).append('"');
            return sb.toString();
        }

        /**
         * This entry as one JSON object, without a line break: the fields {@code time} (UTC,
         * ISO 8601 with milliseconds), {@code remote_addr}, {@code remote_user}, {@code method},
         * {@code target}, {@code protocol}, {@code status}, {@code bytes_sent},
         * {@code duration_ms} (with microseconds), {@code user_agent}, {@code referer},
         * {@code route}, {@code request_id} and {@code trace_id}, in that order; what is
         * unknown is {@code null}.
         */
        public String json() {
            StringBuilder sb = new StringBuilder(256).append('{');
            field(sb, "time", time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
            field(sb.append(','), "remote_addr", remoteAddress);
            field(sb.append(','), "remote_user", remoteUser);
            field(sb.append(','), "method", method);
            field(sb.append(','), "target", target);
            field(sb.append(','), "protocol", protocol);
            sb.append(",\"status\":").append(status);
            sb.append(",\"bytes_sent\":").append(bytesSent);
            sb.append(",\"duration_ms\":").append(duration == null ? "null"
                    : String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e6));
            field(sb.append(','), "user_agent", userAgent);
            field(sb.append(','), "referer", referer);
            field(sb.append(','), "route", route);
            field(sb.append(','), "request_id", requestId);
            field(sb.append(','), "trace_id", traceId);
            return sb.append('}').toString();
        }

        private static void field(StringBuilder sb, String name, String value) {
            sb.append('"').append(name).append("\":").append(value == null ? "null" : JsonText.quote(value));
        }

        private static StringBuilder nginx(StringBuilder sb, String value) {
            return value == null || value.isEmpty() ? sb.append('-') : escape(sb, value);
        }

        private static final char[] HEX = "0123456789ABCDEF".toCharArray();

        /** nginx's default log escaping: {@code "}, {@code \}, bytes below 0x20 and from 0x7f as {@code \xHH}. */
        private static StringBuilder escape(StringBuilder sb, String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                    sb.append(c);
                } else if (c < 0x100) {
                    // Field values are read as ISO-8859-1: each char below 0x100 is one byte sent.
                    hex(sb, c);
                } else {
                    int end = Character.isHighSurrogate(c) && i + 1 < value.length() ? i + 2 : i + 1;
                    for (byte b : value.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                        hex(sb, b & 0xff);
                    }
                    i = end - 1;
                }
            }
            return sb;
        }

        private static void hex(StringBuilder sb, int b) {
            sb.append('\\').append('x').append(HEX[b >> 4]).append(HEX[b & 0xf]);
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.weft.access");

    private final Consumer<Entry> sink;

    /** Logs each entry at INFO to the {@code dev.weft.access} logger. */
    public AccessLogFilter() {
        this(entry -> LOG.log(System.Logger.Level.INFO, entry::toString));
    }

    /**
     * Hands each entry to {@code sink}, e.g. an {@link AccessLogWriter} or a metrics
     * recorder. It must be thread-safe, and quick: it runs on the thread that serves the
     * request.
     */
    public AccessLogFilter(Consumer<Entry> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        Instant time = Instant.now();
        long start = System.nanoTime();
        RouteRecorder route = new RouteRecorder();
        Response response;
        try {
            response = next.handle(request.withAttribute(RouteRecorder.class, route));
        } catch (Exception | Error e) {
            emit(request, route, time, start, 500, 0);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        response.header("Server-Timing", String.format(Locale.ROOT, "app;dur=%.3f", nanos / 1e6));
        Body body = response.body();
        int status = response.status();
        boolean noBody = request.method().equals("HEAD") || StatusCodes.forbidsBody(status);
        if (noBody || body.length() >= 0) {
            emit(request, route, time, start, status, noBody ? 0 : body.length());
        } else {
            response.body(new CountingBody(body, sent -> emit(request, route, time, start, status, sent)));
        }
        return response;
    }

    private void emit(Request request, RouteRecorder route, Instant time, long start, int status, long bytes) {
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String id = request.attribute(RequestId.class).map(RequestId::value).orElse(null);
        InetSocketAddress remote = request.remoteAddress();
        String address = remote == null ? null
                : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        sink.accept(new Entry(time, address, basicUser(request.header("Authorization")), request.method(),
                request.target(), request.protocol(), status, bytes, took, request.header("Referer"),
                request.header("User-Agent"), route.pattern().orElse(null), id,
                traceId(request.header("traceparent"))));
    }

    /** The user name in {@code Authorization: Basic ...}, or {@code null}. */
    static String basicUser(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The trace-id of a W3C Trace Context {@code traceparent} value
     * ({@code version-traceid-parentid-flags}, lower-case hex), or {@code null} if the value is
     * not a valid one: a version other than {@code ff}, a trace-id and parent-id not all zeros,
     * version {@code 00} exactly 55 characters long, later versions at least that with a
     * {@code -} after the flags.
     */
    static String traceId(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String v = traceparent.strip();
        if (v.length() < 55 || v.charAt(2) != '-' || v.charAt(35) != '-' || v.charAt(52) != '-'
                || !hex(v, 0, 2) || !hex(v, 3, 35) || !hex(v, 36, 52) || !hex(v, 53, 55)) {
            return null;
        }
        String version = v.substring(0, 2);
        if (version.equals("ff") || (version.equals("00") && v.length() != 55)
                || (v.length() > 55 && v.charAt(55) != '-')) {
            return null;
        }
        String trace = v.substring(3, 35);
        if (trace.equals("00000000000000000000000000000000") || v.substring(36, 52).equals("0000000000000000")) {
            return null;
        }
        return trace;
    }

    private static boolean hex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** A streamed body that counts what it writes and reports the count once, when done. */
    private static final class CountingBody implements Body {
        private final Body body;
        private final java.util.function.LongConsumer done;
        private final AtomicBoolean reported = new AtomicBoolean();

        CountingBody(Body body, java.util.function.LongConsumer done) {
            this.body = body;
            this.done = done;
        }

        @Override
        public long length() {
            return body.length();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            long[] count = new long[1];
            try {
                body.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        count[0]++;
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        count[0] += len;
                    }
                });
            } finally {
                report(count[0]);
            }
        }

        @Override
        public void release() {
            body.release();
            report(0);
        }

        private void report(long bytes) {
            if (reported.compareAndSet(false, true)) {
                done.accept(bytes);
            }
        }
    }
}
