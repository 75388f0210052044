package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command's behaviour in-process: flags, errors, exit codes, the built-in site. */
class MainTest {

    private record Outcome(int status, String out, String err) {
    }

    private static Outcome run(Main.StopSignal stop, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), stop);
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome run(String... args) {
        return run(() -> "test", args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "-x", "--port", "--port=abc", "--port=70000", "--workers=0", "--workers=-1",
        "--shutdown-timeout=soon", "--max-connections=0", "--max-body=lots", "--idle-timeout=0", "--header-timeout=-1",
        "--write-timeout=0", "--min-body-rate=fast", "--dir", "--cache", "--show-hidden=yes", "--cors=example.com",
        "--cors", "--header=NoColon", "--header=Bad Name: x", "--header=Content-Length: 1", "--auth=alice:secret",
        "--auth=alice:sha256:abc", "--spa", "--no-listing=1", "--health=health", "--health=/health/",
        "--drain-delay=6m", "--drain-delay=soon", "--access-log-format=xml", "--access-log=",
        "--trusted-proxies=10.0.0.0/33", "--trusted-proxies=localhost", "--trusted-proxies=10.1.0.0/8",
        "--trusted-proxies=10.0.0.0/8,,::1"})
    void badCommandLinesGiveOneLineAndExit2(String arg) {
        Outcome o = run(arg);
        assertEquals(2, o.status());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("weft: "), o.err());
        assertTrue(o.err().contains("--help"), o.err());
        assertEquals("", o.out());
    }

    @Test
    void helpListsEveryFlag() {
        Outcome o = run("--help");
        assertEquals(0, o.status());
        for (String flag : new String[] {"--bind", "-b", "--port", "-p", "--workers", "--queue", "--max-connections",
            "--backlog", "--shutdown-timeout", "--idle-timeout", "--max-body", "--header-timeout", "--read-timeout",
            "--write-timeout", "--min-body-rate", "--help", "--version", "--dir", "-d", "--show-hidden", "--follow-links",
            "--cache", "--no-compression", "--no-listing", "--spa", "--cors", "--header", "--auth", "--health",
            "--drain-delay", "--access-log", "--access-log-format", "--trusted-proxies", "WEFT_"}) {
            assertTrue(o.out().contains(flag), "help mentions " + flag);
        }
    }

    @Test
    void versionPrintsTheVersion() {
        Outcome o = run("-V");
        assertEquals(0, o.status());
        assertEquals("weft " + Main.VERSION, o.out().strip());
    }

    @Test
    void portInUseIsAClearMessageNotAStackTrace() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Outcome o = run("--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, o.status());
            assertEquals("weft: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    o.err().strip());
            assertFalse(o.err().contains("Exception"));
        }
    }

    @Test
    void servesTheBookSiteAndReportsTheDrain() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"--port", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        int port = awaitPort(out);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertTrue(hello.body().contains("<h1>Hello!</h1>"));
        assertEquals("text/html; charset=utf-8", hello.headers().firstValue("content-type").orElseThrow());
        HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("Oops!"));
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());

        stop.countDown();
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("virtual threads"), printed);
        assertTrue(printed.contains("weft: SIGTERM received"), printed);
        assertTrue(printed.contains("weft: stopped: 0 in-flight finished"), printed);
    }

    @Test
    void aMissingFolderIsOneLineAndExit2(@TempDir Path dir) {
        Outcome o = run(dir.resolve("nope").toString(), "-p", "0");
        assertEquals(2, o.status());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("weft: cannot serve '"), o.err());
        assertTrue(o.err().contains("no such folder"), o.err());
        assertEquals("", o.out());
    }

    @Test
    void aFileIsNotAFolder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Outcome o = run("-d", file.toString(), "-p", "0");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("not a folder"), o.err());
    }

    @Test
    void servesAFolderAndPrintsTheUrlToOpen(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "hi there");
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {dir.toString(), "--port", "0"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        int port = awaitPort(out);
        HttpResponse<String> hello = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("hi there", hello.body());
        stop.countDown();
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("serving " + dir.toRealPath() + " at http://127.0.0.1:"), out.toString());
    }

    @Test
    void aBadVariableIsOneLineNamingItAndExit2() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[0], Map.of("WEFT_PORT", "eighty"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> "test");
        assertEquals(2, status);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("weft: environment variable WEFT_PORT needs a whole number"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theEverydayFlagsTogetherWithTheEnvironment(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("index.html"), "<h1>app</h1>");
        Files.createDirectories(dir.resolve("empty"));
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("WEFT_DIR", dir.toString(), "WEFT_SPA", "1", "WEFT_NO_LISTING", "true",
                "WEFT_HEADER", "X-Frame-Options: DENY\nX-From: env", "WEFT_PORT", "1");
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--port", "0", "--header", "X-From: cli", "--cors", "https://app.example",
                    "--auth", "alice:sha256:" + CliOptionsTest.HEX},
                env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        int port = awaitPort(out);
        HttpClient client = HttpClient.newHttpClient();
        String login = "Basic " + Base64.getEncoder().encodeToString(
                "alice:correct horse battery staple".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> route = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/users/42"))
                .header("Authorization", login).header("Origin", "https://app.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, route.statusCode());
        assertEquals("<h1>app</h1>", route.body());
        assertEquals("no-cache", route.headers().firstValue("cache-control").orElseThrow());
        assertEquals("cli", route.headers().firstValue("x-from").orElseThrow(), "the command line's --header wins");
        assertTrue(route.headers().firstValue("x-frame-options").isEmpty(), "WEFT_HEADER is replaced, not merged");
        assertEquals("https://app.example", route.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("true", route.headers().firstValue("access-control-allow-credentials").orElseThrow());

        HttpResponse<String> empty = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/empty/"))
                .header("Authorization", login).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, empty.statusCode(), "no listing");
        assertEquals("cli", empty.headers().firstValue("x-from").orElseThrow(), "errors carry --header too");

        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"weft\", charset=\"UTF-8\"",
                anonymous.headers().firstValue("www-authenticate").orElseThrow());
        assertEquals("cli", anonymous.headers().firstValue("x-from").orElseThrow());

        stop.countDown();
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "no warning on loopback");
    }

    @Test
    void accessLogHealthAndTrustedProxiesTogether(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        Files.writeString(log, "earlier line\n");
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("WEFT_ACCESS_LOG_FORMAT", "json", "WEFT_TRUSTED_PROXIES", "127.0.0.1,::1");
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--port", "0", "--access-log", log.toString(), "--health", "/_health"},
                env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        int port = awaitPort(out);
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("X-Forwarded-For", "6.6.6.6, 203.0.113.9").header("User-Agent", "probe/1").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\",\"checks\":{}}", ready.body());

        stop.countDown();
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        java.util.List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size(), "appended, and probes stay out of the log: " + lines);
        assertEquals("earlier line", lines.get(0));
        String line = lines.get(1);
        assertTrue(line.startsWith("{\"time\":\""), line);
        assertTrue(line.contains("\"remote_addr\":\"203.0.113.9\""), line);
        assertTrue(line.contains("\"method\":\"GET\",\"target\":\"/\",\"protocol\":\"HTTP/1.1\",\"status\":200"), line);
        assertTrue(line.contains("\"user_agent\":\"probe/1\""), line);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anAccessLogThatCannotBeOpenedIsOneLineAndExit2(@TempDir Path dir) {
        Outcome o = run("--port", "0", "--access-log", dir.resolve("no/such/folder/access.log").toString());
        assertEquals(2, o.status());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("weft: cannot open the access log"), o.err());
    }

    @Test
    void drainDelayKeepsServingWithReadinessDown() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--port", "0", "--health", "/health", "--drain-delay", "2s", "--access-log", "-"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err, () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        int port = awaitPort(out);
        HttpClient client = HttpClient.newHttpClient();
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        long t0 = System.nanoTime();
        stop.countDown();
        Thread.sleep(300);
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, ready.statusCode());
        assertTrue(ready.body().contains("\"draining\":true"), ready.body());
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(1900), "waited the drain delay");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("SIGTERM received, readiness is 503; still serving for 2.0 s"), printed);
        assertTrue(printed.contains("\"GET / HTTP/1.1\" 200 "), "--access-log - writes combined lines to stdout: " + printed);
    }

    @Test
    void authOnANonLoopbackBindWarnsInOneLine() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--port", "0", "--bind", "0.0.0.0", "--auth", "alice:sha256:" + CliOptionsTest.HEX},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    stop.await();
                    return "SIGTERM";
                }));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!out.toString(StandardCharsets.UTF_8).contains("serving") && System.nanoTime() < until) {
            Thread.sleep(10); // the URL printed for a wildcard bind may be IPv4 or IPv6 loopback
        }
        stop.countDown();
        assertEquals(0, status.get(30, TimeUnit.SECONDS));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.startsWith("weft: warning: --auth over plain HTTP"), e);
    }

    static int awaitPort(ByteArrayOutputStream out) throws InterruptedException {
        Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            Matcher m = url.matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(10);
        }
        throw new AssertionError("server did not print its URL: " + out);
    }
}
