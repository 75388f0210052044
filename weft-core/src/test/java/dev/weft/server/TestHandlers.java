package dev.weft.server;

import dev.weft.http.Body;
import dev.weft.http.Handler;
import dev.weft.http.HttpException;
import dev.weft.http.Request;
import dev.weft.http.Response;
import java.nio.charset.StandardCharsets;

/** The handler the socket-level tests talk to: one path per behaviour under test. */
final class TestHandlers {

    private TestHandlers() {
    }

    static Handler all() {
        return TestHandlers::handle;
    }

    private static Response handle(Request request) throws Exception {
        switch (request.path()) {
            case "/":
                return Response.text("hello");
            case "/echo": {
                byte[] body = request.body().readAllBytes();
                return Response.ok().contentType("application/octet-stream").body(Body.of(body))
                        .header("X-Method", request.method())
                        .header("X-Length", String.valueOf(body.length));
            }
            case "/info":
                return Response.text(request.method() + " " + request.path() + " " + request.rawPath()
                        + " q=" + request.queryParams() + " host=" + request.header("host")
                        + " proto=" + request.protocol());
            case "/stream":
                return Response.ok().contentType("text/plain").body(Body.streaming(out -> {
                    for (int i = 0; i < 3; i++) {
                        out.write(("part" + i + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                }));
            case "/throw":
                throw new IllegalStateException("secret internal detail");
            case "/http-error":
                throw new HttpException(409, "that name is taken");
            case "/ignore-body":
                return Response.text("ignored");
            case "/sleep": {
                long ms = Long.parseLong(request.queryParam("ms").orElse("1000"));
                Thread.sleep(ms);
                return Response.text("slept " + ms);
            }
            case "/file": {
                int size = Integer.parseInt(request.queryParam("size").orElse("100000"));
                java.nio.file.Path file = java.nio.file.Files.createTempFile("weft-test", ".bin");
                file.toFile().deleteOnExit();
                byte[] data = new byte[size];
                for (int i = 0; i < size; i++) {
                    data[i] = (byte) (i % 251);
                }
                java.nio.file.Files.write(file, data);
                long offset = Long.parseLong(request.queryParam("offset").orElse("0"));
                return Response.ok().body(Body.ofFile(file, offset, size - offset));
            }
            case "/server-header":
                return Response.text("named").header("Server", "example/1.0");
            case "/no-content":
                return Response.status(204).body("should not be sent");
            default:
                return Response.error(404, "not found");
        }
    }
}
