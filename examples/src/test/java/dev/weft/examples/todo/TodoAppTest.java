package dev.weft.examples.todo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The todo service end to end, through the JDK HttpClient. */
class TodoAppTest {

    Server server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws Exception {
        server = Server.start(ServerConfig.builder().port(0).build(), TodoApp.router(new TodoStore(), entry -> { }));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void createListGetUpdateDelete() throws Exception {
        assertEquals("[]", call("GET", "/todos", null).body());

        HttpResponse<String> created = call("POST", "/todos", "{\"title\":\"buy milk\"}");
        assertEquals(201, created.statusCode());
        assertEquals("{\"id\":1,\"title\":\"buy milk\",\"done\":false}", created.body());
        assertEquals("/todos/1", created.headers().firstValue("Location").orElseThrow());
        assertTrue(created.headers().firstValue("X-Request-Id").isPresent());
        call("POST", "/todos", "{\"title\":\"write tests\",\"done\":true}");

        assertEquals("[{\"id\":1,\"title\":\"buy milk\",\"done\":false},{\"id\":2,\"title\":\"write tests\",\"done\":true}]",
                call("GET", "/todos", null).body());
        assertEquals("[{\"id\":2,\"title\":\"write tests\",\"done\":true}]", call("GET", "/todos?done=true", null).body());
        assertEquals("{\"id\":1,\"title\":\"buy milk\",\"done\":false}", call("GET", "/todos/1", null).body());

        HttpResponse<String> updated = call("PUT", "/todos/1", "{\"title\":\"buy oat milk\",\"done\":true}");
        assertEquals(200, updated.statusCode());
        assertEquals("{\"id\":1,\"title\":\"buy oat milk\",\"done\":true}", updated.body());

        assertEquals(204, call("DELETE", "/todos/1", null).statusCode());
        assertEquals(404, call("GET", "/todos/1", null).statusCode());
        assertEquals(404, call("DELETE", "/todos/1", null).statusCode());
        assertEquals("[{\"id\":2,\"title\":\"write tests\",\"done\":true}]", call("GET", "/todos", null).body());
    }

    @Test
    void invalidInputIs422WithProblemsByField() throws Exception {
        HttpResponse<String> blank = call("POST", "/todos", "{\"title\":\"  \"}");
        assertEquals(422, blank.statusCode());
        assertEquals("application/json", blank.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"errors\":{\"title\":\"must not be blank\"}}", blank.body());
        assertEquals("{\"errors\":{\"title\":\"is required\"}}", call("POST", "/todos", "{\"done\":true}").body());
        assertEquals("{\"errors\":{\"title\":\"must be at most 200 characters\"}}",
                call("POST", "/todos", "{\"title\":\"" + "x".repeat(201) + "\"}").body());
        call("POST", "/todos", "{\"title\":\"ok\"}");
        assertEquals(422, call("PUT", "/todos/1", "{\"title\":\"\"}").statusCode());
        assertEquals("[{\"id\":1,\"title\":\"ok\",\"done\":false}]", call("GET", "/todos", null).body()); // nothing stored
    }

    @Test
    void badRequestsGetTheRightStatus() throws Exception {
        assertEquals(400, call("POST", "/todos", "{\"title\":").statusCode());
        assertEquals(400, call("POST", "/todos", "{\"title\":\"a\",\"priority\":1}").statusCode());
        assertEquals(400, call("GET", "/todos/abc", null).statusCode());
        assertEquals(400, call("GET", "/todos?done=maybe", null).statusCode());
        assertEquals(404, call("GET", "/todos/99", null).statusCode());
        assertEquals(404, call("GET", "/nothing", null).statusCode());
        HttpResponse<String> wrongMethod = call("PATCH", "/todos/1", "{}");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET, HEAD, PUT, DELETE, OPTIONS", wrongMethod.headers().firstValue("Allow").orElseThrow());

        HttpResponse<String> notJson = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/todos"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("buy milk")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, notJson.statusCode());
        assertEquals(413, call("POST", "/todos", "{\"title\":\"" + "x".repeat(70_000) + "\"}").statusCode());

        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/todos/99"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"status\":404,\"error\":\"Not Found\",\"message\":\"no todo with id 99\"}", missing.body());
    }
}
