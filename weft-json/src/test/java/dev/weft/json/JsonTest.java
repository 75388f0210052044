package dev.weft.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON in and out over a real server, and every way a JSON body can be wrong. */
class JsonTest {

    record Item(String name, int qty) {
    }

    static Server server;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Json json = Json.create().withMaxBytes(100);
        Router router = new Router()
                .post("/items", r -> {
                    Item item = json.read(r, Item.class);
                    return json.response(201, new Item(item.name().toUpperCase(), item.qty() * 2));
                })
                .post("/batch", r -> {
                    List<Item> items = json.read(r, new TypeReference<List<Item>>() { });
                    return Response.text("items " + items.size());
                });
        server = Server.start(ServerConfig.builder().port(0).build(), router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readsAndWritesJson() throws Exception {
        HttpResponse<String> response = post("/items", "application/json; charset=utf-8", "{\"name\":\"tea\",\"qty\":2}");
        assertEquals(201, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"name\":\"TEA\",\"qty\":4}", response.body());
        assertEquals("items 2", post("/batch", "application/vnd.api+json", "[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":1}]").body());
    }

    @Test
    void malformedJsonIs400WithTheParsersPosition() throws Exception {
        HttpResponse<String> response = post("/items", "application/json", "{\"name\":\"tea\",\n \"qty\": 2,}");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("malformed JSON at line 2, column 11: "), response.body());
        assertEquals(400, post("/items", "application/json", "{\"name\":\"tea\",\"qty\":2} trailing").statusCode());
    }

    @Test
    void wrongShapeIs400NamingTheFieldButNoJavaInternals() throws Exception {
        HttpResponse<String> type = post("/items", "application/json", "{\"name\":\"tea\",\"qty\":\"many\"}");
        assertEquals(400, type.statusCode());
        assertTrue(type.body().startsWith("invalid value for field \"qty\" at line 1, column "), type.body());
        assertFalse(type.body().contains("java."), type.body());

        HttpResponse<String> unknown = post("/items", "application/json", "{\"name\":\"tea\",\"qty\":1,\"colour\":\"red\"}");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().startsWith("unknown field \"colour\""), unknown.body());

        HttpResponse<String> nested = post("/batch", "application/json", "[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":null}]");
        assertEquals(400, nested.statusCode());
        assertTrue(nested.body().startsWith("invalid value for field \"[1].qty\""), nested.body());

        assertEquals("request body is empty; expected JSON", post("/items", "application/json", "").body().strip());
    }

    @Test
    void wrongOrMissingContentTypeIs415() throws Exception {
        assertEquals(415, post("/items", "text/plain", "{\"name\":\"tea\",\"qty\":2}").statusCode());
        assertEquals(415, post("/items", null, "{\"name\":\"tea\",\"qty\":2}").statusCode());
    }

    @Test
    void tooLargeIs413DeclaredOrChunked() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(200) + "\",\"qty\":1}";
        assertEquals(413, post("/items", "application/json", big).statusCode());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            String chunk = Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n";
            out.write(("POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunk).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            assertTrue(all.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 413 "), all.toString());
        }
    }

    @Test
    void errorsFollowAcceptToo() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/items"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{oops")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"status\":400,\"error\":\"Bad Request\",\"message\":\"malformed JSON at line 1, column 2: Unexpected character"),
                response.body());
    }
}
