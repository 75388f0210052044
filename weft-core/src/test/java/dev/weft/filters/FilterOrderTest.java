package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.http.Filter;
import dev.weft.http.Handler;
import dev.weft.http.Response;
import dev.weft.routing.Router;
import dev.weft.test.FakeRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The documented order: the first filter added is the outermost. */
class FilterOrderTest {

    static Filter recording(String name, List<String> trace) {
        return (request, next) -> {
            trace.add(name + " in");
            Response response = next.handle(request);
            trace.add(name + " out");
            return response;
        };
    }

    @Test
    void firstAddedRunsFirstOnTheWayInAndLastOnTheWayOut() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        Handler route = recording("route", trace).wrap(r -> {
            trace.add("handler");
            return Response.ok();
        });
        Router router = new Router()
                .filter(recording("a", trace))
                .filter(recording("b", trace))
                .get("/", route);
        router.handle(new FakeRequest("GET", "/"));
        assertEquals(List.of("a in", "b in", "route in", "handler", "route out", "b out", "a out"), trace);
    }

    @Test
    void aFilterCanShortCircuitAndChangeTheRequest() throws Exception {
        Filter auth = (request, next) -> request.header("Authorization") == null
                ? Response.error(401, "log in first")
                : next.handle(request.withAttribute(String.class, "user-from-token"));
        Router router = new Router().filter(auth).get("/", r -> Response.text(r.require(String.class)));
        assertEquals(401, router.handle(new FakeRequest("GET", "/")).status());
        Response ok = router.handle(new FakeRequest("GET", "/").header("Authorization", "Bearer x"));
        assertEquals(200, ok.status());
        assertEquals("user-from-token", new String(((dev.weft.http.Body.Bytes) ok.body()).bytes()));
    }

    @Test
    void chainAndAndThenAgree() throws Exception {
        List<String> trace = new CopyOnWriteArrayList<>();
        Handler h = r -> {
            trace.add("h");
            return Response.ok();
        };
        Filter.chain(List.of(recording("1", trace), recording("2", trace)), h).handle(new FakeRequest("GET", "/"));
        recording("1", trace).andThen(recording("2", trace)).wrap(h).handle(new FakeRequest("GET", "/"));
        assertEquals(trace.subList(0, 5), trace.subList(5, 10));
    }
}
