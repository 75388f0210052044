package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The folder changes while weft serves it. A local user who may rename entries inside the
 * root swaps checked folders and files for links that lead out of it, in a tight loop, while
 * clients ask for files, listings and precompressed sidecars: no byte from outside the root
 * may ever be served. And a deploy that renames new versions over a file while clients fetch
 * it: every {@code 200} must be one whole version, described by that version's validators.
 */
class StaticFilesRaceTest {

    private static final String SECRET = "OUTSIDE-SECRET-91c2";
    private static final long RACE_NANOS = TimeUnit.SECONDS.toNanos(4);

    @TempDir
    Path base;

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 4})
    void swappingFoldersAndFilesForLinksNeverServesOutside(int workers) throws Exception {
        Path outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), SECRET);
        Files.writeString(outside.resolve("big.txt"), SECRET.repeat(1000));
        Files.writeString(outside.resolve("entry-" + SECRET), "x");
        Files.writeString(outside.resolve("g.txt.br"), SECRET);
        Path root = Files.createDirectories(base.resolve("root"));
        Path inner = Files.createDirectories(root.resolve("inner"));
        Files.writeString(inner.resolve("f.txt"), "inside");
        Files.writeString(inner.resolve("big.txt"), "inside ".repeat(2000));
        Files.writeString(root.resolve("g.txt"), "plain ".repeat(10));
        Files.writeString(root.resolve("g.txt.br"), "brotli-inside");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        // Swaps the folder "inner" for a link to "outside" and back, and the sidecar for a link.
        Thread swapper = Thread.ofPlatform().start(() -> {
            Path parked = root.resolve("inner.parked");
            Path sidecar = root.resolve("g.txt.br");
            Path sidecarParked = root.resolve("g.txt.br.parked");
            try {
                while (!stop.get()) {
                    Files.move(inner, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(inner, outside);
                    Files.move(sidecar, sidecarParked, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(sidecar, outside.resolve("g.txt.br"));
                    Thread.onSpinWait();
                    Files.delete(inner);
                    Files.move(parked, inner, StandardCopyOption.ATOMIC_MOVE);
                    Files.delete(sidecar);
                    Files.move(sidecarParked, sidecar, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        ServerConfig.Builder config = ServerConfig.builder().port(0);
        if (workers > 0) {
            config.workers(workers);
        }
        List<String> leaks = new ArrayList<>();
        int requests = 0;
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        try (Server server = Server.start(config.build(), new StaticFiles(root))) {
            String[][] targets = {
                {"/inner/f.txt", null}, {"/inner/big.txt", null}, {"/inner/", null}, {"/g.txt", "br"},
            };
            long until = System.nanoTime() + RACE_NANOS;
            while (System.nanoTime() < until) {
                for (String[] target : targets) {
                    // A raw socket, read to the end: bytes before a cut connection count too.
                    String answer = fetchRaw(server.port(), target[0], target[1]);
                    requests++;
                    String status = answer.length() >= 12 ? answer.substring(9, 12) : "cut";
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                    if (answer.contains("OUTSIDE") || answer.contains("SECRET")) {
                        leaks.add(target[0] + " -> " + status);
                    }
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(swaps.get() > 100, "the swapper must have raced (" + swaps.get() + " swaps)");
        assertTrue(requests > 500, "clients must have raced (" + requests + " requests)");
        assertTrue(statuses.containsKey("200"), "some requests must have been served: " + statuses);
        assertEquals(List.of(), leaks.subList(0, Math.min(10, leaks.size())),
                leaks.size() + " of " + requests + " answers leaked; statuses " + statuses);
        // What vanishes mid-request is a 404; nothing is cut off, refused or broken.
        assertEquals(java.util.Set.of("200", "404"), statuses.keySet(), "statuses " + statuses);
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 4})
    void aFileReplacedWhileServedIsAlwaysOneWholeVersion(int workers) throws Exception {
        Path root = Files.createDirectories(base.resolve("site"));
        Path target = root.resolve("app.js");
        // Small versions take the in-memory path, large ones the zero-copy one.
        char[] marks = {'a', 'b', 'c', 'd'};
        int[] sizes = {1000, 3000, 60_000, 200_000};
        Map<String, Character> versionByTag = new ConcurrentHashMap<>();
        Map<Character, Integer> sizeByMark = new ConcurrentHashMap<>();
        for (int i = 0; i < marks.length; i++) {
            sizeByMark.put(marks[i], sizes[i]);
        }
        install(root, target, marks[0], sizes[0], versionByTag);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger deploys = new AtomicInteger();
        Thread deployer = Thread.ofPlatform().start(() -> {
            int i = 1;
            try {
                while (!stop.get()) {
                    install(root, target, marks[i % marks.length], sizes[i % marks.length], versionByTag);
                    deploys.incrementAndGet();
                    i++;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        ServerConfig.Builder config = ServerConfig.builder().port(0);
        if (workers > 0) {
            config.workers(workers);
        }
        List<String> wrong = new ArrayList<>();
        int served = 0;
        int busy = 0;
        try (Server server = Server.start(config.build(), new StaticFiles(root))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/app.js");
            long until = System.nanoTime() + RACE_NANOS;
            while (System.nanoTime() < until) {
                HttpResponse<byte[]> response;
                try {
                    response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    wrong.add("connection failed: " + e);
                    continue;
                }
                if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                    busy++; // changed at every look: refused cleanly, never mixed
                    continue;
                }
                if (response.statusCode() != 200) {
                    wrong.add("status " + response.statusCode());
                    continue;
                }
                served++;
                String tag = response.headers().firstValue("ETag").orElse(null);
                assertNotNull(tag);
                Character mark = versionByTag.get(tag);
                byte[] body = response.body();
                if (mark == null) {
                    wrong.add("unknown ETag " + tag);
                } else if (body.length != sizeByMark.get(mark) || !allOf(body, mark)) {
                    wrong.add("ETag of version " + mark + " with " + body.length + " bytes starting '"
                            + (char) body[0] + "' and ending '" + (char) body[body.length - 1] + "'");
                }
            }
        } finally {
            stop.set(true);
            deployer.join();
        }
        assertTrue(deploys.get() > 100, "the deployer must have raced (" + deploys.get() + ")");
        assertTrue(served > 200, "clients must have been served (" + served + ")");
        assertFalse(wrong.size() > 0, wrong.size() + " of " + served + " answers were wrong, e.g. "
                + wrong.subList(0, Math.min(5, wrong.size())));
        assertTrue(busy * 100 < served, busy + " answers of 503 against " + served + " served");
    }

    /** Writes a version beside the file and renames it over the file, as a deploy does. */
    private static void install(Path root, Path target, char mark, int size, Map<String, Character> versionByTag)
            throws IOException {
        Path next = root.resolve(".next");
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) mark);
        Files.write(next, bytes);
        BasicFileAttributes a = Files.readAttributes(next, BasicFileAttributes.class);
        versionByTag.put(EntityTags.of(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), null), mark);
        Files.move(next, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** One request with {@code Connection: close}; everything the server sent until it closed. */
    private static String fetchRaw(int port, String path, String encoding) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (encoding == null ? "" : "Accept-Encoding: " + encoding + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                socket.getInputStream().transferTo(all);
            } catch (SocketException e) {
                // reset: what came before it still counts
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean allOf(byte[] body, char mark) {
        for (byte b : body) {
            if (b != mark) {
                return false;
            }
        }
        return true;
    }
}
