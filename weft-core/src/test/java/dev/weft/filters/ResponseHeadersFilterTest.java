package dev.weft.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.http.Headers;
import dev.weft.http.HttpException;
import dev.weft.http.InvalidHeaderException;
import dev.weft.http.Response;
import dev.weft.test.FakeRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseHeadersFilterTest {

    @Test
    void fieldsAreAddedToEveryResponseAndReplaceTheHandlers() throws Exception {
        ResponseHeadersFilter filter = ResponseHeadersFilter.of(new Headers()
                .add("X-Frame-Options", "DENY")
                .add("Cache-Control", "no-store")
                .add("Link", "</a.css>; rel=preload")
                .add("Link", "</b.js>; rel=preload"));
        Response r = filter.filter(new FakeRequest("GET", "/"),
                request -> Response.text("x").header("Cache-Control", "max-age=60"));
        assertEquals("DENY", r.headers().first("X-Frame-Options"));
        assertEquals(List.of("no-store"), r.headers().all("Cache-Control"));
        assertEquals(List.of("</a.css>; rel=preload", "</b.js>; rel=preload"), r.headers().all("Link"));
        assertEquals("text/plain; charset=utf-8", r.headers().first("Content-Type"));
    }

    @Test
    void varyIsAddedToNotReplaced() throws Exception {
        ResponseHeadersFilter filter = ResponseHeadersFilter.of(new Headers().add("Vary", "Origin"));
        Response r = filter.filter(new FakeRequest("GET", "/"),
                request -> Response.text("x").header("Vary", "Accept-Encoding"));
        assertEquals(List.of("Accept-Encoding", "Origin"), r.headers().all("Vary"));
    }

    @Test
    void errorsThrownInsideGetTheFieldsToo() throws Exception {
        ResponseHeadersFilter filter = ResponseHeadersFilter.of(new Headers().add("X-Frame-Options", "DENY"));
        Response r = filter.filter(new FakeRequest("GET", "/"), request -> {
            throw new HttpException(404, "Not Found");
        });
        assertEquals(404, r.status());
        assertEquals("DENY", r.headers().first("X-Frame-Options"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "transfer-encoding", "Connection", "Date", "Content-Encoding", "TE",
        "Trailer", "Upgrade", "Keep-Alive", "Content-Range"})
    void fieldsTheServerOwnsAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> ResponseHeadersFilter.of(new Headers().add(name, "1")));
    }

    @Test
    void badNamesAndValuesNeverGetThatFar() {
        assertThrows(InvalidHeaderException.class, () -> new Headers().add("Bad Name", "x"));
        assertThrows(InvalidHeaderException.class, () -> new Headers().add("X-Ok", "a\r\nSet-Cookie: x"));
    }

    @Test
    void theFieldsAreCopied() throws Exception {
        Headers given = new Headers().add("X-A", "1");
        ResponseHeadersFilter filter = ResponseHeadersFilter.of(given);
        given.add("X-B", "2");
        Response r = filter.filter(new FakeRequest("GET", "/"), request -> Response.text("x"));
        assertEquals(null, r.headers().first("X-B"));
        assertEquals(1, filter.fields().size());
    }
}
