package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real clients against a real server: the JDK's HttpClient and curl. */
class InteropTest {

    private static Server server;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        server = Server.start(ServerConfig.builder().port(0).build(), TestHandlers.all());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.shutdown(Duration.ofSeconds(5));
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @Test
    void httpClientGetPostAndChunked() throws Exception {
        HttpClient client = client();
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertEquals("hello", get.body());
        assertTrue(get.headers().firstValue("date").isPresent());
        assertTrue(get.headers().firstValue("server").isEmpty(), "no Server field by default");

        byte[] payload = new byte[100_000];
        java.util.Arrays.fill(payload, (byte) 'x');
        HttpResponse<byte[]> post = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, post.statusCode());
        assertEquals(payload.length, post.body().length);

        // A publisher of unknown length makes HttpClient send the body chunked.
        HttpResponse<String> chunkedUp = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "streamed up".getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("streamed up", chunkedUp.body());

        HttpResponse<String> chunkedDown = client.send(HttpRequest.newBuilder(URI.create(base + "/stream")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("part0\npart1\npart2\n", chunkedDown.body());

        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("5", head.headers().firstValue("content-length").orElseThrow());
        assertEquals("", head.body());
    }

    @Test
    void httpClientExpectContinue() throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(base + "/echo")).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("after continue")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("after continue", r.body());
    }

    @Test
    void httpClientManyConcurrentRequests() throws Exception {
        HttpClient client = client();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/info?i=" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < futures.size(); i++) {
            HttpResponse<String> r = futures.get(i).get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("q={i=[" + i + "]}"), r.body());
        }
    }

    @Test
    void curl(@TempDir Path tmp) throws Exception {
        assumeTrue(System.getenv("CI") != null || commandExists("curl"), "curl is not installed");
        assertEquals("hello", run("curl", "-sS", base + "/"));
        String verbose = run("curl", "-sS", "-i", base + "/stream");
        assertTrue(verbose.contains("transfer-encoding: chunked") || verbose.contains("Transfer-Encoding: chunked"), verbose);
        assertTrue(verbose.endsWith("part0\npart1\npart2\n"), verbose);

        Path upload = tmp.resolve("upload.bin");
        Files.write(upload, "x".repeat(50_000).getBytes(StandardCharsets.US_ASCII));
        // curl sends Expect: 100-continue for bodies over 1 MiB by default; force it here.
        String echoed = run("curl", "-sS", "-H", "Expect: 100-continue", "--data-binary", "@" + upload, base + "/echo");
        assertEquals(50_000, echoed.length());
        String chunked = run("curl", "-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + upload, base + "/echo");
        assertEquals(50_000, chunked.length());
        String http10 = run("curl", "-sS", "-0", "-i", base + "/");
        assertTrue(http10.toLowerCase().contains("connection: close"), http10);
        // Two URLs on one command line reuse the connection: keep-alive.
        String both = run("curl", "-sS", "-v", base + "/", base + "/");
        assertTrue(both.contains("Re-using existing connection") || both.contains("Reusing existing connection"), both);
    }

    private static boolean commandExists(String name) {
        try {
            return new ProcessBuilder(name, "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + ": " + new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
