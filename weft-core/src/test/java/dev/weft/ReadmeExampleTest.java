package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The README's embedding example, compiled and run (with port 0 instead of 8080). */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleWorks() throws Exception {
        ServerConfig config = ServerConfig.builder()
                .port(0)
                .maxBodyBytes(1 << 20)
                .build();
        try (Server server = Server.start(config, request -> switch (request.path()) {
            case "/" -> Response.text("Hello, " + request.queryParam("name").orElse("world"));
            case "/echo" -> Response.ok().body(request.body().readAllBytes());
            default -> throw new HttpException(404, "no such page");
        })) {
            server.stopOnSignals();
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            assertEquals("Hello, weft", client.send(HttpRequest.newBuilder(URI.create(base + "/?name=weft")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("abc", client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals("no such page\n", missing.body());
        }
    }
}
