package dev.weft.examples.todo;

import dev.weft.http.HttpException;

/** No todo has the requested id: {@code 404}, with the standard error body. */
public final class TodoNotFoundException extends HttpException {

    /** @param id the id asked for */
    public TodoNotFoundException(long id) {
        super(404, "no todo with id " + id);
    }
}
