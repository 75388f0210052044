package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.test.FakeRequest;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The router's trailing-slash policy: strict by default, or redirect, or ignore. */
class TrailingSlashTest {

    private static Response echo(Request r) {
        return Response.text(r.method() + " " + r.path() + " " + r.pathParams());
    }

    private static Router router(TrailingSlash policy) {
        Router posts = new Router()
                .get("/", TrailingSlashTest::echo)
                .get("/{post}", TrailingSlashTest::echo)
                .get("/{post}/comments/", TrailingSlashTest::echo);
        Router router = new Router()
                .get("/books", TrailingSlashTest::echo)
                .post("/books", TrailingSlashTest::echo)
                .get("/books/{id}", TrailingSlashTest::echo)
                .get("/folder/", TrailingSlashTest::echo)
                .get("/files/{*path}", TrailingSlashTest::echo)
                .nest("/users/{id}/posts", posts);
        return policy == null ? router : router.trailingSlash(policy);
    }

    private static String text(Response response) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        response.body().writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Response get(Router router, String target) throws Exception {
        return router.handle(new FakeRequest("GET", target));
    }

    @Test
    void strictIsTheDefault() throws Exception {
        for (Router router : new Router[] {router(null), router(TrailingSlash.STRICT)}) {
            assertEquals(200, get(router, "/books").status());
            assertEquals(404, get(router, "/books/").status());
            assertEquals(404, get(router, "/folder").status());
            assertEquals(200, get(router, "/folder/").status());
            assertEquals(404, get(router, "/users/7/posts/3/").status());
        }
    }

    @Test
    void redirectAnswers308ToTheFormWithARouteKeepingTheQuery() throws Exception {
        Router router = router(TrailingSlash.REDIRECT);
        Response r = get(router, "/books/?page=2&q=a%20b");
        assertEquals(308, r.status());
        assertEquals("/books?page=2&q=a%20b", r.headers().first("Location"));
        Response folder = get(router, "/folder");
        assertEquals(308, folder.status());
        assertEquals("/folder/", folder.headers().first("Location"));
        assertEquals("/books/42", get(router, "/books/42/").headers().first("Location"));
        // Paths that match as sent are answered, never redirected.
        assertEquals(200, get(router, "/books").status());
        assertEquals(200, get(router, "/files/a/").status());
        // Misses by more than a slash stay 404; the root has no other form.
        assertEquals(404, get(router, "/nope/").status());
        assertEquals(404, get(new Router().trailingSlash(TrailingSlash.REDIRECT).get("/x", TrailingSlashTest::echo), "/").status());
    }

    @Test
    void redirectKeepsTheMethodFor308() throws Exception {
        Response r = router(TrailingSlash.REDIRECT).handle(new FakeRequest("POST", "/books/"));
        assertEquals(308, r.status());
        assertEquals("/books", r.headers().first("Location"));
    }

    @Test
    void nestedRoutersFollowTheEnclosingPolicyAndRedirectToTheFullPath() throws Exception {
        Router router = router(TrailingSlash.REDIRECT);
        Response r = get(router, "/users/7/posts/3/?x=1");
        assertEquals(308, r.status());
        assertEquals("/users/7/posts/3?x=1", r.headers().first("Location"));
        assertEquals("/users/7/posts/3/comments/", get(router, "/users/7/posts/3/comments").headers().first("Location"));
        // The nest's own root answers both forms, as before.
        assertEquals(200, get(router, "/users/7/posts").status());
        assertEquals(200, get(router, "/users/7/posts/").status());
    }

    @Test
    void aNestedRouterMayChooseItsOwnPolicy() throws Exception {
        Router inner = new Router().trailingSlash(TrailingSlash.STRICT).get("/{post}", TrailingSlashTest::echo);
        Router outer = new Router().trailingSlash(TrailingSlash.REDIRECT).nest("/posts", inner)
                .get("/books", TrailingSlashTest::echo);
        assertEquals(404, get(outer, "/posts/3/").status());
        assertEquals(308, get(outer, "/books/").status());
        Router ignoring = new Router().trailingSlash(TrailingSlash.IGNORE).get("/{post}", TrailingSlashTest::echo);
        Router strictOuter = new Router().nest("/posts", ignoring);
        assertEquals(200, get(strictOuter, "/posts/3/").status());
    }

    @Test
    void ignoreServesBothFormsFromTheSameRoute() throws Exception {
        Router router = router(TrailingSlash.IGNORE);
        Response books = get(router, "/books/");
        assertEquals(200, books.status());
        assertEquals("GET /books/ {}", text(books));
        assertEquals("GET /books/42/ {id=42}", text(get(router, "/books/42/")));
        assertEquals("GET /folder {}", text(get(router, "/folder")));
        assertEquals("GET /3/ {id=7, post=3}", text(get(router, "/users/7/posts/3/")));
        assertEquals(404, get(router, "/nope/").status());
    }

    @Test
    void aRedirectNeverPointsAtAnotherHost() throws Exception {
        // "//evil.example" would be a network-path reference: another host.
        Router router = new Router().trailingSlash(TrailingSlash.REDIRECT).get("//evil.example", TrailingSlashTest::echo);
        Response r = get(router, "//evil.example/");
        assertEquals(404, r.status());
        assertNull(r.headers().first("Location"));
    }

    @Test
    void theRedirectOverARealConnection() throws Exception {
        try (TestServer server = TestServer.start(router(TrailingSlash.REDIRECT))) {
            HttpResponse<String> r = server.get("/books/?page=2");
            assertEquals(308, r.statusCode());
            assertEquals("/books?page=2", r.headers().firstValue("Location").orElseThrow());
            String raw = server.raw("GET http://127.0.0.1/users/7/posts/3/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertTrue(raw.startsWith("HTTP/1.1 308 "), raw);
            assertTrue(raw.contains("\r\nLocation: /users/7/posts/3\r\n"), raw);
        }
    }

    @Test
    void thePolicyIsChosenBeforeServing() throws Exception {
        Router router = router(null);
        get(router, "/books");
        assertThrows(IllegalStateException.class, () -> router.trailingSlash(TrailingSlash.IGNORE));
        assertThrows(NullPointerException.class, () -> new Router().trailingSlash(null));
    }
}
