package dev.weft.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.files.StaticFiles;
import dev.weft.http.Response;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static files mounted as a route next to API routes. */
class StaticFilesMountTest {

    @Test
    void staticFilesServeUnderAPrefixBesideOtherRoutes(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("app.css"), "body { color: red }");
        Files.createDirectories(root.resolve("img"));
        Files.writeString(root.resolve("img/logo.svg"), "<svg/>");
        Router router = new Router()
                .get("/api/ping", req -> Response.text("pong"))
                .mount("/static", new StaticFiles(root));
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), router)) {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> css = client.send(HttpRequest.newBuilder(URI.create(base + "/static/app.css")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, css.statusCode());
            assertEquals("body { color: red }", css.body());
            assertTrue(css.headers().firstValue("content-type").orElseThrow().startsWith("text/css"));
            assertTrue(css.headers().firstValue("etag").isPresent());

            assertEquals("pong", client.send(HttpRequest.newBuilder(URI.create(base + "/api/ping")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());

            // A folder without its slash is redirected to the whole path, prefix included.
            HttpResponse<String> redirect = client.send(HttpRequest.newBuilder(URI.create(base + "/static/img")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(301, redirect.statusCode());
            assertEquals("/static/img/", redirect.headers().firstValue("location").orElseThrow());
            HttpResponse<String> mountRoot = client.send(HttpRequest.newBuilder(URI.create(base + "/static")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(301, mountRoot.statusCode());
            assertEquals("/static/", mountRoot.headers().firstValue("location").orElseThrow());

            HttpResponse<String> listing = client.send(HttpRequest.newBuilder(URI.create(base + "/static/img/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, listing.statusCode());
            assertTrue(listing.body().contains("href=\"logo.svg\""), listing.body());

            HttpResponse<String> outside = client.send(HttpRequest.newBuilder(URI.create(base + "/static/../pom.xml")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(outside.statusCode() == 404 || outside.statusCode() == 400, "status " + outside.statusCode());
            server.shutdown(Duration.ofSeconds(2));
        }
    }
}
