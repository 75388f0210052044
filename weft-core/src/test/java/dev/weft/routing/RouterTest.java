package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every routing rule, checked over real sockets. */
class RouterTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .get("/", r -> Response.text("root"))
                .get("/users", r -> Response.text("list"))
                .post("/users", r -> Response.status(201).body("created"))
                .get("/users/new", r -> Response.text("literal new"))
                .get("/users/{id}", r -> Response.text("user " + r.pathParam("id")))
                .delete("/users/{userId}", r -> Response.text("deleted " + r.pathParam("userId")))
                .get("/users/{id}/posts/{post}", r -> Response.text(r.pathParam("id") + "/" + r.pathParam("post")))
                .get("/users/new/edit", r -> Response.text("edit new"))
                .get("/files/{*path}", r -> Response.text("file " + r.pathParam("path")))
                .get("/files/special", r -> Response.text("special"))
                .get("/{a}/{b}", r -> Response.text("two " + r.pathParam("a") + "|" + r.pathParam("b")))
                .get("/search", r -> Response.text(String.join(",", r.queryParams("tag")) + ";" + r.queryParam("q").orElse("-")))
                .get("/trailing/", r -> Response.text("with slash"))
                .route("OPTIONS", "/custom-options", r -> Response.text("mine"))
                .get("/custom-options", r -> Response.text("get"))
                .get("/count/{n}", r -> Response.text("n+1=" + (r.pathParam("n", Integer::parseInt) + 1)));
        server = TestServer.start(router);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '>', value = {
            "/ > root",
            "/users > list",
            "/users/new > literal new",          // literal beats parameter
            "/users/42 > user 42",
            "/users/new/edit > edit new",
            "/users/7/posts/9 > 7/9",
            "/users/new/posts/3 > new/3",        // literal branch leads nowhere: back off to the parameter
            "/files/special > special",          // literal beats wildcard
            "/files/a/b/c.txt > file a/b/c.txt", // wildcard takes the rest, slashes included
            "/files/ > file ",                   // a wildcard may be empty
            "/x/y > two x|y",                    // parameters beat nothing else
            "/trailing/ > with slash",
    })
    void routesByPrecedence(String path, String body) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(200, response.statusCode(), path);
        assertEquals(body.strip(), response.body().strip());
    }

    @Test
    void parametersAreDecodedAfterSplittingSoAnEncodedSlashStaysInside() throws Exception {
        assertEquals("user a/b", server.get("/users/a%2Fb").body());
        assertEquals("user café", server.get("/users/caf%C3%A9").body());
        assertEquals("user a b", server.get("/users/a%20b").body());
        assertEquals("user a+b", server.get("/users/a+b").body()); // '+' is a plus in paths
        // Two segments with an encoded slash in the first: still two parameters, not three.
        assertEquals("two a/b|c", server.get("/a%2Fb/c").body());
        assertEquals("file dir/a b.txt", server.get("/files/dir/a%20b.txt").body());
    }

    @Test
    void repeatedQueryKeysKeepAllValues() throws Exception {
        assertEquals("a,b c,d;x y", server.get("/search?tag=a&tag=b+c&q=x%20y&tag=d").body());
    }

    @Test
    void typedPathParameterRejectsGarbageWith400() throws Exception {
        assertEquals("n+1=42", server.get("/count/41").body());
        HttpResponse<String> bad = server.get("/count/forty");
        assertEquals(400, bad.statusCode());
        assertEquals("invalid path parameter n", bad.body().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/users/1/posts", "/files", "/trailing", "/users/1/posts/2/3", "/a/b/c"})
    void unknownPathIs404(String path) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(404, response.statusCode(), path);
        assertEquals("Not Found", response.body().strip());
    }

    @Test
    void knownPathWithOtherMethodIs405WithAllow() throws Exception {
        HttpResponse<String> response = server.send("PUT", "/users/5", "x");
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, DELETE, OPTIONS", response.headers().firstValue("Allow").orElseThrow());

        HttpResponse<String> onCollection = server.send("PATCH", "/users", null);
        assertEquals(405, onCollection.statusCode());
        assertEquals("GET, HEAD, POST, OPTIONS", onCollection.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void pathDecidesBeforeMethod() throws Exception {
        // /users/new is a literal with GET only: DELETE there is 405, not the {userId} route.
        HttpResponse<String> response = server.send("DELETE", "/users/new", null);
        assertEquals(405, response.statusCode());
        assertEquals("deleted 8", server.send("DELETE", "/users/8", null).body());
    }

    @Test
    void headIsAnsweredByGetWithoutBody() throws Exception {
        String get = server.raw("GET /users/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        String head = server.raw("HEAD /users/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(get.startsWith("HTTP/1.1 200 "), get);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        assertTrue(get.contains("\r\nContent-Length: 7\r\n"), get);
        assertTrue(head.contains("\r\nContent-Length: 7\r\n"), head);
        assertTrue(get.endsWith("\r\n\r\nuser 42"), get);
        assertTrue(head.endsWith("\r\n\r\n"), "HEAD response must end after its headers: " + head);
    }

    @Test
    void optionsIsAnsweredWithAllowUnlessRouted() throws Exception {
        String raw = server.raw("OPTIONS /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 204 "), raw);
        assertTrue(raw.contains("\r\nAllow: GET, HEAD, DELETE, OPTIONS\r\n"), raw);
        assertEquals("mine", server.send("OPTIONS", "/custom-options", null).body());
        assertEquals(404, server.send("OPTIONS", "/nope", null).statusCode());
    }

    @Test
    void twoRoutesForTheSameShapeAndMethodClashAtRegistration() {
        Router router = new Router().get("/users/{id}", r -> Response.ok());
        RouteConflictException e = assertThrows(RouteConflictException.class,
                () -> router.get("/users/{name}", r -> Response.ok()));
        assertEquals("route GET /users/{name} clashes with GET /users/{id}: both match the same paths with the same method",
                e.getMessage());
        assertThrows(RouteConflictException.class, () -> router.get("/users/{id}", r -> Response.ok()));
        // Another method on the same shape, or a literal where a parameter is, does not clash.
        router.post("/users/{name}", r -> Response.ok()).get("/users/me", r -> Response.ok());
        Router files = new Router().get("/files/{*path}", r -> Response.ok());
        assertThrows(RouteConflictException.class, () -> files.get("/files/{*other}", r -> Response.ok()));
        assertThrows(RouteConflictException.class, () -> files.mount("/files", r -> Response.ok()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users", "/files/{*path}/more", "/a/{}", "/a/{id}/{id}", "/a/x{id}", "/a/{i d}", "/a/{*}"})
    void invalidPatternsAreRefused(String pattern) {
        assertThrows(IllegalArgumentException.class, () -> new Router().get(pattern, r -> Response.ok()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
            "/books/:id => /books/{id}",
            "/books/:id/reviews/:review => /books/{id}/reviews/{review}",
            "/books/<id> => /books/{id}",
            "/books/<int:id> => /books/{id}",
            "/files/<path:rest> => /files/{*rest}",
            "/files/* => /files/{*rest}",
            "/files/*path => /files/{*path}",
            "/files/:path* => /files/{*path}",
            "/a/*/b => /a/{param}/b",
    })
    void otherFrameworksSyntaxIsRefusedWithWeftsForm(String pattern, String weft) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Router().get(pattern, r -> Response.ok()));
        assertEquals("route pattern " + pattern + " uses another framework's syntax: weft writes it as " + weft
                + " ({name} for one segment, a last {*name} for the rest of the path)", e.getMessage());
        // The same check guards mount and nest prefixes.
        assertThrows(IllegalArgumentException.class, () -> new Router().mount(pattern, r -> Response.ok()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/books/{id", "/books/id}", "/a/{id}x}", "/{*rest"})
    void unbalancedBracesAreRefusedAsSuch(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Router().get(pattern, r -> Response.ok()));
        assertTrue(e.getMessage().contains("route " + pattern), e.getMessage());
        assertTrue(e.getMessage().contains("/{id}"), e.getMessage());
    }

    @Test
    void colonsAndStarsInsideALiteralAreStillLiterals() throws Exception {
        // Google-style custom methods (/books:search) and a star mid-segment are literals.
        Router router = new Router().get("/v1/books:search", r -> Response.text("search"))
                .get("/a/b*c", r -> Response.text("star"));
        assertEquals(200, router.handle(new dev.weft.test.FakeRequest("GET", "/v1/books:search")).status());
        assertEquals(200, router.handle(new dev.weft.test.FakeRequest("GET", "/a/b*c")).status());
    }

    @Test
    void aPatternWithoutItsLeadingSlashShowsTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Router().get("books/{id}", r -> Response.ok()));
        assertEquals("route pattern must start with '/': books/{id} (write it as /books/{id})", e.getMessage());
    }

    @Test
    void aRouterServingRequestsCannotBeChanged() throws Exception {
        Router router = new Router().get("/", r -> Response.ok());
        router.handle(new dev.weft.test.FakeRequest("GET", "/"));
        assertThrows(IllegalStateException.class, () -> router.get("/more", r -> Response.ok()));
        assertFalse(router.handle(new dev.weft.test.FakeRequest("GET", "/more")).status() == 200);
    }
}
