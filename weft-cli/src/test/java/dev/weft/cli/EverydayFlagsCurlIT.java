package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft --spa --no-listing --cors --header --auth} as a real process, some of it set
 * through {@code WEFT_*} variables, driven with curl ({@code -u}, {@code -H}).
 */
class EverydayFlagsCurlIT {

    /** {@code printf %s 'correct horse battery staple' | sha256sum} */
    static final String HEX = "c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a";
    static final String PASSWORD = "correct horse battery staple";

    @TempDir
    static Path dir;
    static WeftProcess weft;

    @BeforeAll
    static void start() throws Exception {
        Files.writeString(dir.resolve("index.html"), "<div id=app></div>");
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("assets/app.js"), "boot()");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/a.txt"), "a");
        weft = WeftProcess.start(List.of(), Map.of("WEFT_SPA", "1", "WEFT_NO_LISTING", "yes",
                        "WEFT_HEADER", "X-Frame-Options: DENY\nX-Content-Type-Options: nosniff"),
                dir.toString(), "--cors", "https://app.example", "--auth", "alice:sha256:" + HEX);
    }

    @AfterAll
    static void stop() {
        weft.close();
    }

    private record Curl(int exit, String out) {
        String lower() {
            return out.toLowerCase(Locale.ROOT);
        }
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
    void theRightPasswordGetsTheAppForARoute() throws Exception {
        Curl r = curl("-i", "-u", "alice:" + PASSWORD, weft.url + "users/42");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("HTTP/1.1 200 "), r.out());
        assertTrue(r.out().endsWith("<div id=app></div>"), r.out());
        assertTrue(r.lower().contains("cache-control: no-cache"), r.out());
        assertTrue(r.lower().contains("etag: \""), r.out());
        assertTrue(r.lower().contains("x-frame-options: deny"), r.out());
        assertTrue(r.lower().contains("x-content-type-options: nosniff"), r.out());
        assertEquals("boot()", curl("-u", "alice:" + PASSWORD, weft.url + "assets/app.js").out());
    }

    @Test
    void noOrWrongCredentialsGet401WithTheChallenge() throws Exception {
        Curl none = curl("-i", weft.url + "users/42");
        assertTrue(none.out().startsWith("HTTP/1.1 401 "), none.out());
        assertTrue(none.out().contains("WWW-Authenticate: Basic realm=\"weft\", charset=\"UTF-8\""), none.out());
        assertFalse(none.out().contains("id=app"), none.out());
        assertTrue(none.lower().contains("x-frame-options: deny"), "the 401 carries --header too: " + none.out());
        assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:wrong", weft.url).out());
        assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "mallory:" + PASSWORD, weft.url).out());
        assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Basic %%%",
                weft.url).out());
    }

    @Test
    void missingFilesAndUnlistedFoldersAre404() throws Exception {
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:" + PASSWORD,
                weft.url + "assets/missing.js").out());
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:" + PASSWORD,
                weft.url + "docs/").out());
        assertEquals("404", curl("-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:" + PASSWORD,
                weft.url + "docs").out());
        assertEquals("a", curl("-u", "alice:" + PASSWORD, weft.url + "docs/a.txt").out());
    }

    @Test
    void corsAllowsTheOriginAndAnswersPreflightsWithoutCredentials() throws Exception {
        Curl r = curl("-i", "-u", "alice:" + PASSWORD, "-H", "Origin: https://app.example", weft.url + "users/1");
        assertTrue(r.out().contains("Access-Control-Allow-Origin: https://app.example"), r.out());
        assertTrue(r.out().contains("Access-Control-Allow-Credentials: true"), r.out());
        Curl other = curl("-i", "-u", "alice:" + PASSWORD, "-H", "Origin: https://evil.example", weft.url + "users/1");
        assertFalse(other.out().contains("Access-Control-Allow-Origin"), other.out());
        Curl preflight = curl("-i", "-X", "OPTIONS", "-H", "Origin: https://app.example",
                "-H", "Access-Control-Request-Method: GET", "-H", "Access-Control-Request-Headers: authorization",
                weft.url + "users/1");
        assertTrue(preflight.out().startsWith("HTTP/1.1 204 "), preflight.out());
        assertTrue(preflight.out().contains("Access-Control-Allow-Headers: authorization"), preflight.out());
    }

    @Test
    void aBadVariableIsOneLineAndExit2() throws Exception {
        List<String> command = List.of(WeftProcess.javaHome().resolve("bin/java").toString(), "-jar",
                WeftProcess.jar().toString(), dir.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WEFT_AUTH", "alice:plaintext-password");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(out.startsWith("weft: environment variable WEFT_AUTH needs USER:sha256:HEX"), out);
        assertFalse(out.contains("plaintext-password"), out);
    }
}
