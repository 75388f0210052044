package dev.weft.examples.todo;

import dev.weft.filters.AccessLogFilter;
import dev.weft.filters.CompressionFilter;
import dev.weft.filters.RequestIdFilter;
import dev.weft.http.JsonText;
import dev.weft.http.Response;
import dev.weft.json.Json;
import dev.weft.routing.Router;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A small JSON REST service: an in-memory todo list.
 *
 * <pre>
 *   GET    /todos          list (optionally ?done=true|false)
 *   POST   /todos          create: {"title": "...", "done": false}  → 201 + Location
 *   GET    /todos/{id}     one todo, or 404
 *   PUT    /todos/{id}     replace title and done, or 404
 *   DELETE /todos/{id}     204, or 404
 * </pre>
 * Invalid input is {@code 422} with the problems by field; malformed JSON {@code 400}, a
 * body that is not JSON {@code 415}, one over 64 KiB {@code 413}.
 *
 * <p>Run it with {@code java -cp ... dev.weft.examples.todo.TodoApp [port]} (default 8080).
 */
public final class TodoApp {

    private TodoApp() {
    }

    /**
     * The application's router over {@code store}.
     *
     * @param accessLog receives one entry per request (must be thread-safe)
     */
    public static Router router(TodoStore store, Consumer<AccessLogFilter.Entry> accessLog) {
        TodoApi api = new TodoApi(store, Json.create().withMaxBytes(64 * 1024));
        return new Router()
                .filter(new RequestIdFilter())
                .filter(new AccessLogFilter(accessLog))
                .filter(new CompressionFilter())
                .get("/todos", api::list)
                .post("/todos", api::create)
                .get("/todos/{id}", api::get)
                .put("/todos/{id}", api::update)
                .delete("/todos/{id}", api::delete)
                .onException(ValidationException.class, (e, request) -> Response.status(422).json(toJson(e.errors())));
    }

    static String toJson(Map<String, String> errors) {
        return errors.entrySet().stream()
                .map(e -> JsonText.quote(e.getKey()) + ":" + JsonText.quote(e.getValue()))
                .collect(Collectors.joining(",", "{\"errors\":{", "}}"));
    }

    /** Starts the service and serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Server server = Server.start(ServerConfig.builder().port(port).build(), router(new TodoStore(), System.out::println));
        server.stopOnSignals(); // Ctrl+C or SIGTERM: finish the requests in flight, then exit
        System.out.println("todo service on http://" + server.address().getHostString() + ":" + server.port() + "/todos");
        server.awaitShutdown();
    }
}
