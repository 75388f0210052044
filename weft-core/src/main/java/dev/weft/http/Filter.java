package dev.weft.http;

import java.util.List;

/**
 * Code that runs around a handler: the Java form of a tower layer.
 *
 * <p>A filter gets the request and the rest of the chain, {@code next}. It may
 * <ul>
 *   <li>short-circuit: return a response without calling {@code next} (a CORS preflight,
 *       a missing credential);</li>
 *   <li>change the request: call {@code next} with a wrapped one, e.g.
 *       {@code next.handle(request.withAttribute(RequestId.class, id))};</li>
 *   <li>change the response: change what {@code next} returned (a header, a compressed body);</li>
 *   <li>turn exceptions into responses, or let them pass.</li>
 * </ul>
 *
 * <p><b>Order.</b> In {@link #chain(List, Handler)} (and in a router, which uses it) the
 * first filter is the outermost: it sees the request first and the response last. With
 * {@code [requestId, accessLog, compression]} a request flows
 * {@code requestId → accessLog → compression → handler} and the response flows back the
 * other way, so the access log sees the request id and times the compression too.
 *
 * <pre>{@code
 * Filter poweredBy = (request, next) -> next.handle(request).header("X-Powered-By", "weft");
 * Handler wrapped = poweredBy.wrap(handler);
 * }</pre>
 */
@FunctionalInterface
public interface Filter {

    /**
     * Handles {@code request}, usually by calling {@code next} once.
     *
     * @param request the request
     * @param next    the rest of the chain: the next filter or, last, the handler
     * @return the response, never {@code null}
     * @throws Exception as a handler may
     */
    Response filter(Request request, Handler next) throws Exception;

    /** A handler that runs this filter around {@code handler}. */
    default Handler wrap(Handler handler) {
        java.util.Objects.requireNonNull(handler, "handler");
        return request -> filter(request, handler);
    }

    /** This filter, then {@code inner}: {@code a.andThen(b).wrap(h)} equals {@code a.wrap(b.wrap(h))}. */
    default Filter andThen(Filter inner) {
        return (request, next) -> filter(request, inner.wrap(next));
    }

    /** {@code handler} wrapped in {@code filters}, the first outermost. */
    static Handler chain(List<? extends Filter> filters, Handler handler) {
        Handler h = handler;
        for (int i = filters.size() - 1; i >= 0; i--) {
            h = filters.get(i).wrap(h);
        }
        return h;
    }
}
