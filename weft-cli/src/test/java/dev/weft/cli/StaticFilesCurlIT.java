package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl, the everyday client, against {@code weft DIR}: ranges, if-modified-since, compression. */
class StaticFilesCurlIT {

    @TempDir
    static Path dir;
    static WeftProcess weft;
    static String text;

    @BeforeAll
    static void start() throws Exception {
        text = "The quick brown fox jumps over the lazy dog.\n".repeat(200);
        Files.writeString(dir.resolve("fox.txt"), text);
        Files.setLastModifiedTime(dir.resolve("fox.txt"), FileTime.from(Instant.parse("2024-05-01T12:00:00Z")));
        Files.createDirectories(dir.resolve("sub dir"));
        Files.writeString(dir.resolve("sub dir/ä.txt"), "umlaut");
        weft = WeftProcess.start(List.of(), dir.toString());
    }

    @AfterAll
    static void stop() {
        weft.close();
    }

    private record Curl(int exit, String out) {
    }

    private static Curl curl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Curl(p.exitValue(), out);
    }

    @Test
    void range() throws Exception {
        Curl r = curl("--range", "4-8", weft.url + "fox.txt");
        assertEquals(0, r.exit(), r.out());
        assertEquals("quick", r.out());
        Curl headers = curl("-i", "--range", "4-8,-5", weft.url + "fox.txt");
        assertTrue(headers.out().startsWith("HTTP/1.1 206 "), headers.out());
        assertTrue(headers.out().contains("multipart/byteranges"), headers.out());
        assertTrue(headers.out().contains("Content-Range: bytes " + (text.length() - 5) + "-" + (text.length() - 1)), headers.out());
    }

    @Test
    void ifModifiedSince() throws Exception {
        // -z DATE sends If-Modified-Since: the file is from 2024, so a 2025 date gives 304 and no body
        Curl notModified = curl("-z", "Wed, 01 Jan 2025 00:00:00 GMT", "-o", "/dev/null", "-w", "%{http_code}",
                weft.url + "fox.txt");
        assertEquals("304", notModified.out());
        Curl modified = curl("-z", "Mon, 01 Jan 2024 00:00:00 GMT", weft.url + "fox.txt");
        assertEquals(text, modified.out());
    }

    @Test
    void compressed() throws Exception {
        Curl r = curl("--compressed", "-D", "-", weft.url + "fox.txt");
        assertTrue(r.out().toLowerCase().contains("content-encoding: gzip"), r.out());
        assertTrue(r.out().endsWith(text), "curl decoded the body");
        Curl size = curl("--compressed", "-o", "/dev/null", "-w", "%{size_download}", weft.url + "fox.txt");
        assertTrue(Long.parseLong(size.out()) < text.length() / 10, "sent " + size.out() + " bytes");
    }

    @Test
    void listingAndRedirect() throws Exception {
        Curl redirect = curl("-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", weft.url + "sub%20dir");
        assertEquals("301 " + weft.url + "sub%20dir/", redirect.out());
        Curl followed = curl("-L", weft.url + "sub%20dir");
        assertTrue(followed.out().contains("href=\"%C3%A4.txt\""), followed.out());
        assertEquals("umlaut", curl(weft.url + "sub%20dir/%C3%A4.txt").out());
    }

    @Test
    void traversalWithPathAsIs() throws Exception {
        Curl r = curl("--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", weft.url + "../../etc/passwd");
        assertEquals("400", r.out());
    }
}
