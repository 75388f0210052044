package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.HttpException;
import dev.weft.http.Response;
import dev.weft.test.TestServer;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mounting any handler under a prefix, and nesting routers. */
class MountAndNestTest {

    static TestServer server;

    /** Stands in for StaticFiles: reports the path it was given. */
    static Response echoPath(dev.weft.http.Request r) {
        return Response.text(r.method() + " path=" + r.path() + " raw=" + r.rawPath() + " target=" + r.target());
    }

    @BeforeAll
    static void start() throws Exception {
        Router posts = new Router()
                .get("/", r -> Response.text("posts of " + r.pathParam("id")))
                .get("/{post}", r -> Response.text("post " + r.pathParam("post") + " of " + r.pathParam("id")))
                .get("/{post}/fail", r -> {
                    throw new NoSuchPost(r.pathParam("post"));
                })
                .get("/{post}/gone", r -> {
                    throw new HttpException(410, "post is gone");
                });
        Router router = new Router()
                .get("/static-info", r -> Response.text("not the mount"))
                .mount("/static", MountAndNestTest::echoPath)
                .nest("/users/{id}/posts", posts)
                .onException(NoSuchPost.class, (e, r) -> Response.status(404).json("{\"missingPost\":\"" + e.post + "\"}"));
        server = TestServer.start(router);
    }

    static final class NoSuchPost extends RuntimeException {
        final String post;

        NoSuchPost(String post) {
            super("no post " + post);
            this.post = post;
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '>', value = {
            "/static > GET path=/ raw=/ target=/static",
            "/static/ > GET path=/ raw=/ target=/static/",
            "/static/css/site.css > GET path=/css/site.css raw=/css/site.css target=/static/css/site.css",
            "/static/a%20b/c%2Fd.txt?v=1 > GET path=/a b/c/d.txt raw=/a%20b/c%2Fd.txt target=/static/a%20b/c%2Fd.txt?v=1",
    })
    void mountedHandlerSeesTheRestOfThePath(String target, String expected) throws Exception {
        HttpResponse<String> response = server.get(target);
        assertEquals(200, response.statusCode());
        assertEquals(expected, response.body());
    }

    @Test
    void mountAnswersEveryMethodAndDoesNotSwallowSiblings() throws Exception {
        assertEquals("DELETE path=/x raw=/x target=/static/x", server.send("DELETE", "/static/x", null).body());
        assertEquals("not the mount", server.get("/static-info").body());
        assertEquals(404, server.get("/staticx").statusCode());
    }

    @Test
    void nestedRouterGetsParametersOfThePrefixAndItsOwn() throws Exception {
        assertEquals("posts of 7", server.get("/users/7/posts").body());
        assertEquals("posts of 7", server.get("/users/7/posts/").body());
        assertEquals("post 3 of 7", server.get("/users/7/posts/3").body());
    }

    @Test
    void nestedRouterAnswers404And405Itself() throws Exception {
        assertEquals(404, server.get("/users/7/posts/3/nope").statusCode());
        HttpResponse<String> response = server.send("POST", "/users/7/posts/3", "x");
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void outerExceptionMappersApplyToNestedRoutes() throws Exception {
        HttpResponse<String> response = server.get("/users/7/posts/3/fail");
        assertEquals(404, response.statusCode());
        assertEquals("{\"missingPost\":\"3\"}", response.body());
        HttpResponse<String> gone = server.get("/users/7/posts/3/gone", "Accept", "application/json");
        assertEquals(410, gone.statusCode());
        assertEquals("{\"status\":410,\"error\":\"Gone\",\"message\":\"post is gone\"}", gone.body());
    }

    @Test
    void mountRootGetsEverything() throws Exception {
        try (TestServer root = TestServer.start(new Router().get("/api", r -> Response.text("api")).mount("/", MountAndNestTest::echoPath))) {
            assertEquals("api", root.get("/api").body());
            assertEquals("GET path=/ raw=/ target=/", root.get("/").body());
            assertEquals("GET path=/a/b raw=/a/b target=/a/b", root.get("/a/b").body());
        }
    }

    @Test
    void invalidMountPrefixesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Router().mount("/static/", r -> Response.ok()));
        assertThrows(IllegalArgumentException.class, () -> new Router().mount("/static/{*rest}", r -> Response.ok()));
        assertThrows(IllegalArgumentException.class, () -> new Router().mount("static", r -> Response.ok()));
    }
}
