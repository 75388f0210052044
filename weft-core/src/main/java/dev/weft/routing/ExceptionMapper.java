package dev.weft.routing;

import dev.weft.http.Request;
import dev.weft.http.Response;

/**
 * Turns an application exception into a response: the {@code Result<T, AppError>} of axum,
 * written as "throw, and map once".
 *
 * <pre>{@code
 * router.onException(NoSuchTodo.class, (e, request) -> Response.status(404).json("{\"missing\":" + e.id() + "}"));
 * }</pre>
 *
 * @param <E> the exception type it handles (and its subclasses)
 */
@FunctionalInterface
public interface ExceptionMapper<E extends Exception> {

    /** The response for {@code exception}, thrown while handling {@code request}. */
    Response toResponse(E exception, Request request) throws Exception;
}
