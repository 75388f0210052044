package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(Main.StopSignal stop, ByteArrayOutputStream outBytes, String... args) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8), stop);
        return new Run(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingFolderIsOneLineAndExit2() {
        Run r = run(() -> "unused", new ByteArrayOutputStream(), dir.resolve("nope").toString(), "-p", "0");
        assertEquals(2, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("weft: cannot serve '"), r.err());
        assertTrue(r.err().contains("no such folder"), r.err());
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Run r = run(() -> "unused", new ByteArrayOutputStream(), "-d", file.toString(), "-p", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("not a folder"), r.err());
    }

    @Test
    void servesTheFolderAndPrintsTheUrlToOpen() throws IOException {
        Files.writeString(dir.resolve("hello.txt"), "hi there");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicReference<String> body = new AtomicReference<>();
        Run r = run(() -> {
            Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)").matcher(out.toString(StandardCharsets.UTF_8));
            if (m.find()) {
                try (HttpClient client = HttpClient.newHttpClient()) {
                    body.set(client.send(HttpRequest.newBuilder(URI.create(m.group(1) + "hello.txt")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                } catch (IOException e) {
                    body.set(e.toString());
                }
            }
            return "test";
        }, out, dir.toString(), "-p", "0");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("serving " + dir.toRealPath() + " at http://127.0.0.1:"), r.out());
        assertEquals("hi there", body.get());
    }
}
