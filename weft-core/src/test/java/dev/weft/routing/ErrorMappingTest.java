package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the client gets when a handler throws. */
class ErrorMappingTest {

    static TestServer server;

    static class AppError extends RuntimeException {
        AppError(String message) {
            super(message);
        }
    }

    static class Conflict extends AppError {
        Conflict() {
            super("conflict");
        }
    }

    static class Teapot extends HttpException {
        Teapot() {
            super(418, "short and stout");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .get("/http", r -> {
                    throw new HttpException(409, "todo \"1\" <already> done\n");
                })
                .get("/subclass", r -> {
                    throw new Teapot();
                })
                .get("/bug", r -> {
                    throw new IllegalStateException("secret database password is hunter2");
                })
                .get("/app", r -> {
                    throw new AppError("app says no");
                })
                .get("/conflict", r -> {
                    throw new Conflict();
                })
                .get("/checked", r -> {
                    throw new java.sql.SQLException("SELECT * FROM secrets");
                })
                .onException(AppError.class, (e, r) -> Response.status(422).json("{\"app\":\"" + e.getMessage() + "\"}"))
                .onException(Conflict.class, (e, r) -> Response.error(409, "mapped conflict"));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void httpExceptionIsPlainTextByDefault() throws Exception {
        HttpResponse<String> response = server.get("/http");
        assertEquals(409, response.statusCode());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("todo \"1\" <already> done\n\n", response.body());
    }

    @Test
    void httpExceptionIsEscapedJsonWhenAccepted() throws Exception {
        HttpResponse<String> response = server.get("/http", "Accept", "application/json");
        assertEquals(409, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"status\":409,\"error\":\"Conflict\",\"message\":\"todo \\\"1\\\" \\u003calready\\u003e done\\n\"}",
                response.body());
    }

    @Test
    void acceptPreferringTextGetsText() throws Exception {
        HttpResponse<String> response = server.get("/http", "Accept", "text/plain, application/json;q=0.5");
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        HttpResponse<String> problem = server.get("/http", "Accept", "application/problem+json");
        assertEquals("application/json", problem.headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<String> refused = server.get("/http", "Accept", "application/json;q=0, */*");
        assertTrue(refused.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
    }

    @Test
    void httpExceptionSubclassKeepsItsStatus() throws Exception {
        HttpResponse<String> response = server.get("/subclass");
        assertEquals(418, response.statusCode());
        assertEquals("short and stout", response.body().strip());
    }

    @Test
    void otherExceptionsAre500WithoutInternals() throws Exception {
        for (String path : new String[] {"/bug", "/checked"}) {
            HttpResponse<String> text = server.get(path);
            assertEquals(500, text.statusCode());
            assertEquals("Internal Server Error", text.body().strip());
            HttpResponse<String> json = server.get(path, "Accept", "application/json");
            assertEquals(500, json.statusCode());
            assertEquals("{\"status\":500,\"error\":\"Internal Server Error\",\"message\":\"Internal Server Error\"}", json.body());
            assertFalse(json.body().contains("hunter2") || json.body().contains("SELECT"));
        }
    }

    @Test
    void registeredMappersWinAndTheMostSpecificOneIsUsed() throws Exception {
        HttpResponse<String> app = server.get("/app");
        assertEquals(422, app.statusCode());
        assertEquals("{\"app\":\"app says no\"}", app.body());
        HttpResponse<String> conflict = server.get("/conflict");
        assertEquals(409, conflict.statusCode());
        assertEquals("mapped conflict", conflict.body());
    }

    @Test
    void notFoundAndMethodNotAllowedFollowAcceptToo() throws Exception {
        HttpResponse<String> response = server.get("/missing", "Accept", "application/json");
        assertEquals(404, response.statusCode());
        assertEquals("{\"status\":404,\"error\":\"Not Found\",\"message\":\"Not Found\"}", response.body());
    }
}
