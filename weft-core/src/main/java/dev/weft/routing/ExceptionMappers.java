package dev.weft.routing;

import dev.weft.http.ErrorResponses;
import dev.weft.http.HttpException;
import dev.weft.http.InvalidHeaderException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A router's exception → response table, and the defaults behind it.
 *
 * <p>An exception is looked up by its class, then its superclasses: the most specific mapper
 * wins. With no mapper,
 * <ul>
 *   <li>an {@link HttpException} becomes its status with a small text or JSON body
 *       ({@link ErrorResponses}, per {@code Accept});</li>
 *   <li>an {@link IOException} is passed on to the server: it may be the request body
 *       breaking the protocol or the server's body limit, which the server answers with the
 *       right status and a closed connection;</li>
 *   <li>an {@link InterruptedException} (a deadline or shutdown stopped the handler) becomes
 *       {@code 503};</li>
 *   <li>an {@link InvalidHeaderException} (a handler set a header that could split the
 *       response, often from a client's input) is logged as one line and becomes {@code 500};</li>
 *   <li>anything else is logged and becomes {@code 500} with a generic body: no message,
 *       no stack trace reaches the client.</li>
 * </ul>
 * A nested router leaves exceptions it has no mapper for to the router it is nested in,
 * so mappers registered on the outer router apply to inner routes too.
 */
final class ExceptionMappers {

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final Map<Class<? extends Exception>, ExceptionMapper<? extends Exception>> mappers = new LinkedHashMap<>();

    <E extends Exception> void register(Class<E> type, ExceptionMapper<? super E> mapper) {
        if (mappers.putIfAbsent(type, mapper) != null) {
            throw new IllegalArgumentException("an exception mapper for " + type.getName() + " is already registered");
        }
    }

    /**
     * The response for {@code failure}.
     *
     * @param nested whether this router runs inside another, which then gets what this one
     *               cannot map
     */
    Response handle(Exception failure, Request request, boolean nested) throws Exception {
        ExceptionMapper<Exception> mapper = find(failure.getClass());
        if (mapper != null) {
            return mapper.toResponse(failure, request);
        }
        if (nested || failure instanceof IOException) {
            throw failure;
        }
        if (failure instanceof HttpException http) {
            return ErrorResponses.of(request, http);
        }
        if (failure instanceof InterruptedException) {
            // A deadline (TimeoutFilter) or shutdown stopped the handler: expected, not a bug.
            Thread.currentThread().interrupt();
            LOG.log(System.Logger.Level.DEBUG, () -> "handler interrupted for " + request.method() + " " + request.target());
            return ErrorResponses.of(request, 503, "Service Unavailable");
        }
        if (failure instanceof InvalidHeaderException refused) {
            // A client can provoke this on every request: one line, no stack trace.
            LOG.log(System.Logger.Level.WARNING, "handler for " + request.method() + " " + request.target()
                    + " set a header that was refused: " + refused.getMessage());
            return ErrorResponses.of(request, 500, "Internal Server Error");
        }
        LOG.log(System.Logger.Level.ERROR, "handler failed for " + request.method() + " " + request.target(), failure);
        return ErrorResponses.of(request, 500, "Internal Server Error");
    }

    @SuppressWarnings("unchecked")
    private ExceptionMapper<Exception> find(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            ExceptionMapper<? extends Exception> mapper = mappers.get(c);
            if (mapper != null) {
                return (ExceptionMapper<Exception>) mapper;
            }
        }
        return null;
    }
}
