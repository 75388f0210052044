package dev.weft.examples.todo;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.json.Json;
import java.io.IOException;

/**
 * The HTTP face of the store: one method per route. The store and the JSON binder come in
 * through the constructor, so there is no global state and tests can build as many
 * independent apps as they like.
 */
public final class TodoApi {

    private final TodoStore store;
    private final Json json;

    /** An API over {@code store}, reading and writing bodies with {@code json}. */
    public TodoApi(TodoStore store, Json json) {
        this.store = store;
        this.json = json;
    }

    /** {@code GET /todos[?done=true|false]} */
    public Response list(Request request) {
        return json.response(store.list(request.queryParam("done", TodoApi::parseBoolean)));
    }

    /** {@code GET /todos/{id}} */
    public Response get(Request request) {
        long id = request.pathParam("id", Long::parseLong);
        return json.response(store.get(id).orElseThrow(() -> new TodoNotFoundException(id)));
    }

    /** {@code POST /todos}: 201 with the new todo and its {@code Location}. */
    public Response create(Request request) throws IOException {
        TodoInput input = json.read(request, TodoInput.class);
        input.validate();
        Todo todo = store.add(input);
        return json.response(201, todo).header("Location", "/todos/" + todo.id());
    }

    /** {@code PUT /todos/{id}}: replaces title and state. */
    public Response update(Request request) throws IOException {
        long id = request.pathParam("id", Long::parseLong);
        TodoInput input = json.read(request, TodoInput.class);
        input.validate();
        return json.response(store.replace(id, input).orElseThrow(() -> new TodoNotFoundException(id)));
    }

    /** {@code DELETE /todos/{id}}: 204, or 404 if there was no such todo. */
    public Response delete(Request request) {
        long id = request.pathParam("id", Long::parseLong);
        if (!store.remove(id)) {
            throw new TodoNotFoundException(id);
        }
        return Response.status(204);
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(value);
        };
    }
}
