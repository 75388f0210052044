package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.filters.RequestIdFilter;
import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.json.Json;
import dev.weft.routing.Router;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's embedding example, verbatim between the markers, so the README cannot rot. */
class ReadmeExampleTest {

    // README-BEGIN
    record Note(String text) { }

    static class Rejected extends RuntimeException {
        Rejected(String why) { super(why); }
    }

    static Router app(Json json) {
        return new Router()
                .filter(new RequestIdFilter())                        // adds X-Request-Id to every answer
                .get("/hello/{name}", req -> Response.text("Hello, " + req.pathParam("name") + "!"))
                .post("/notes", req -> {
                    Note note = json.read(req, Note.class);           // 415, 413 or 400 on bad input
                    if (note.text().isBlank()) throw new Rejected("text must not be blank");
                    return json.response(201, note);
                })
                .get("/admin", req -> { throw new HttpException(403, "admins only"); })
                .onException(Rejected.class, (e, req) -> json.response(422, Map.of("error", e.getMessage())));
    }

    // Server server = Server.start(ServerConfig.builder().port(8080).build(), app(Json.create()));
    // server.stopOnSignals();   // drains on Ctrl+C or SIGTERM
    // README-END

    @Test
    void theReadmeExampleWorksAsDescribed() throws Exception {
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), app(Json.create()))) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            var hello = client.send(HttpRequest.newBuilder(URI.create(base + "/hello/J%C3%BCrgen")).build(), BodyHandlers.ofString());
            assertEquals("Hello, Jürgen!", hello.body());
            assertEquals(true, hello.headers().firstValue("X-Request-Id").isPresent());

            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/notes")).header("Content-Type", "application/json");
            var created = client.send(post.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(), BodyHandlers.ofString());
            assertEquals(201, created.statusCode());
            assertEquals("{\"text\":\"hi\"}", created.body());

            var rejected = client.send(post.POST(HttpRequest.BodyPublishers.ofString("{\"text\":\" \"}")).build(), BodyHandlers.ofString());
            assertEquals(422, rejected.statusCode());
            assertEquals("{\"error\":\"text must not be blank\"}", rejected.body());

            var malformed = client.send(post.POST(HttpRequest.BodyPublishers.ofString("{\"text\":")).build(), BodyHandlers.ofString());
            assertEquals(400, malformed.statusCode());

            var admin = client.send(HttpRequest.newBuilder(URI.create(base + "/admin")).header("Accept", "application/json").build(),
                    BodyHandlers.ofString());
            assertEquals(403, admin.statusCode());
            assertEquals("{\"status\":403,\"error\":\"Forbidden\",\"message\":\"admins only\"}", admin.body());

            var wrongMethod = client.send(HttpRequest.newBuilder(URI.create(base + "/notes")).build(), BodyHandlers.ofString());
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("POST, OPTIONS", wrongMethod.headers().firstValue("Allow").orElseThrow());
        }
    }
}
