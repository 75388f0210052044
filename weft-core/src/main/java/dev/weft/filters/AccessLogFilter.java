package dev.weft.filters;

import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Times each request and reports it: method, target, status, duration and request id (when
 * a {@link RequestIdFilter} runs outside this one). The duration also goes to the client as
 * {@code Server-Timing: app;dur=<ms>}, which browsers show in their developer tools.
 *
 * <p>The time measured is the time to produce the response; a streamed body is written
 * afterwards and is not included. A handler that throws is reported with status
 * {@code 500} and the exception passes on unchanged.
 */
public final class AccessLogFilter implements Filter {

    /** One access record. */
    public record Entry(String method, String target, int status, Duration duration, String requestId) {
        /** A one-line rendering, e.g. {@code GET /todos 200 1.234ms id=...}. */
        @Override
        public String toString() {
            return method + " " + target + " " + status + " " + String.format("%.3fms", duration.toNanos() / 1e6)
                    + (requestId == null ? "" : " id=" + requestId);
        }
    }

    private static final System.Logger LOG = System.getLogger("dev.weft.access");

    private final Consumer<Entry> sink;

    /** Logs each entry at INFO to the {@code dev.weft.access} logger. */
    public AccessLogFilter() {
        this(entry -> LOG.log(System.Logger.Level.INFO, entry::toString));
    }

    /** Hands each entry to {@code sink}, e.g. a metrics recorder; it must be thread-safe. */
    public AccessLogFilter(Consumer<Entry> sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        long start = System.nanoTime();
        int status = 500;
        try {
            Response response = next.handle(request);
            status = response.status();
            long nanos = System.nanoTime() - start;
            response.header("Server-Timing", String.format(java.util.Locale.ROOT, "app;dur=%.3f", nanos / 1e6));
            return response;
        } finally {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String id = request.attribute(RequestId.class).map(RequestId::value).orElse(null);
            sink.accept(new Entry(request.method(), request.target(), status, took, id));
        }
    }
}
