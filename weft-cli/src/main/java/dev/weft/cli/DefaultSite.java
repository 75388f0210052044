package dev.weft.cli;

import dev.weft.http.Handler;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The Rust book's site, served when weft runs without a folder: {@code GET /} says hello,
 * {@code GET /sleep} says hello after a pause (to show why one thread is not enough), and
 * everything else gets the 404 page.
 */
final class DefaultSite implements Handler {

    private final byte[] hello = resource("site/index.html");
    private final byte[] notFound = resource("site/404.html");
    private final Duration sleep;

    DefaultSite(Duration sleep) {
        this.sleep = sleep;
    }

    @Override
    public Response handle(Request request) throws InterruptedException {
        String path = request.path();
        boolean known = path.equals("/") || path.equals("/sleep");
        if (!known) {
            return page(404, notFound);
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return page(405, notFound).header("Allow", "GET, HEAD");
        }
        if (path.equals("/sleep")) {
            Thread.sleep(sleep);
        }
        return page(200, hello);
    }

    private static Response page(int status, byte[] html) {
        return Response.status(status).contentType("text/html; charset=utf-8").body(dev.weft.http.Body.of(html));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DefaultSite.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
