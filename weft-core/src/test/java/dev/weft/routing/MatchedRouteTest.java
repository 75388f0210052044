package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.http.Filter;
import dev.weft.http.Request;
import dev.weft.http.Response;
import dev.weft.test.FakeRequest;
import dev.weft.test.TestServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Request#route()}: the matched pattern, for logs and metrics. */
class MatchedRouteTest {

    private static Response route(Request r) {
        return Response.text(r.route().orElse("(none)"));
    }

    private static String text(Response response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.body().writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final Router ROUTER = build();

    private static Router build() {
        Router comments = new Router().get("/{comment}", MatchedRouteTest::route);
        Router posts = new Router()
                .get("/", MatchedRouteTest::route)
                .get("/{post}", MatchedRouteTest::route)
                .nest("/{post}/comments", comments);
        return new Router()
                .get("/", MatchedRouteTest::route)
                .get("/todos/{id}", MatchedRouteTest::route)
                .get("/files/{*path}", MatchedRouteTest::route)
                .mount("/static", MatchedRouteTest::route)
                .nest("/users/{id}/posts", posts)
                .notFound(MatchedRouteTest::route);
    }

    private static String get(String target) throws Exception {
        return text(ROUTER.handle(new FakeRequest("GET", target)));
    }

    @Test
    void theMatchedPatternNotThePath() throws Exception {
        assertEquals("/", get("/"));
        assertEquals("/todos/{id}", get("/todos/42"));
        assertEquals("/files/{*path}", get("/files/a/b.txt"));
    }

    @Test
    void theWholePatternAcrossNestedRouters() throws Exception {
        assertEquals("/users/{id}/posts", get("/users/7/posts"));
        assertEquals("/users/{id}/posts", get("/users/7/posts/"));
        assertEquals("/users/{id}/posts/{post}", get("/users/7/posts/3"));
        assertEquals("/users/{id}/posts/{post}/comments/{comment}", get("/users/7/posts/3/comments/9"));
    }

    @Test
    void aMountedHandlerSeesThePrefixAndAWildcard() throws Exception {
        assertEquals("/static/{*}", get("/static/css/a.css"));
        assertEquals("/static/{*}", get("/static"));
        Router root = new Router().mount("/", MatchedRouteTest::route);
        assertEquals("/{*}", text(root.handle(new FakeRequest("GET", "/a/b"))));
    }

    @Test
    void emptyWhenNoRouteMatchedAndOutsideARouter() throws Exception {
        assertEquals("(none)", get("/nope"));
        assertEquals(Optional.empty(), new FakeRequest("GET", "/todos/1").route());
        // A router's own filters run before it dispatches.
        StringBuilder seen = new StringBuilder();
        Filter filter = (request, next) -> {
            seen.append(request.route().orElse("(none)"));
            return next.handle(request);
        };
        Router router = new Router().filter(filter).get("/todos/{id}", MatchedRouteTest::route);
        assertEquals("/todos/{id}", text(router.handle(new FakeRequest("GET", "/todos/1"))));
        assertEquals("(none)", seen.toString());
    }

    @Test
    void survivesAttributesAndPerRouteFilters() throws Exception {
        Filter tagging = (request, next) -> next.handle(request.withAttribute(String.class, "tag"));
        Router router = new Router().get("/todos/{id}", tagging.wrap(MatchedRouteTest::route));
        assertEquals("/todos/{id}", text(router.handle(new FakeRequest("GET", "/todos/1"))));
    }

    @Test
    void theRecorderAgreesWithTheRequest() throws Exception {
        RouteRecorder recorder = new RouteRecorder();
        String seen = text(ROUTER.handle(new FakeRequest("GET", "/users/7/posts/3/comments/9")
                .withAttribute(RouteRecorder.class, recorder)));
        assertEquals(seen, recorder.pattern().orElseThrow());
    }

    @Test
    void overARealConnection() throws Exception {
        try (TestServer server = TestServer.start(ROUTER)) {
            assertEquals("/users/{id}/posts/{post}", server.get("/users/7/posts/3?x=1").body());
        }
    }
}
