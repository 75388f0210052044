package dev.weft.filters;

import dev.weft.http.ErrorResponses;
import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gives the wrapped handler a deadline: a handler that has not returned a response in time
 * is interrupted and the client gets {@code 503 Service Unavailable}, and the connection is
 * closed after it ({@link Response#closeAfter()}), since the handler may not have read the
 * whole request body.
 *
 * <p>The handler runs on a virtual thread of its own while the connection's thread waits
 * for it; interrupting that thread ends {@code Thread.sleep}, {@code BlockingQueue} waits,
 * {@code HttpClient} calls and the like with {@link InterruptedException}. Code that ignores
 * interrupts keeps running, but its response is discarded. The deadline covers producing
 * the response, not writing a streamed body afterwards.
 *
 * <p>A handler that is reading the request body when its deadline passes may have the
 * connection closed under it instead of getting the 503: the body stream belongs to the
 * connection, and an interrupted blocking read closes it.
 */
public final class TimeoutFilter implements Filter {

    private final Duration timeout;

    private TimeoutFilter(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
    }

    /** A filter giving handlers {@code timeout} to respond. */
    public static TimeoutFilter of(Duration timeout) {
        return new TimeoutFilter(Objects.requireNonNull(timeout, "timeout"));
    }

    @Override
    public Response filter(Request request, Handler next) throws Exception {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("weft-deadline").start(() -> {
            try {
                result.complete(next.handle(request));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            return ErrorResponses.of(request, 503, "the request took longer than " + timeout.toMillis() + " ms")
                    .closeAfter();
        } catch (InterruptedException e) {
            // The connection's own thread is being stopped (server shutdown): stop the handler too.
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
