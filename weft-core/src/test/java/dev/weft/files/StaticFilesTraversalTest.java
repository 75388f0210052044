package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import dev.weft.test.RawClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every known way of reading outside the served folder, tried against a root with a secret
 * file beside it (and links to it inside): each must end in 400 or 404 and never show the
 * secret.
 */
class StaticFilesTraversalTest {

    private static final String SECRET = "TOP-SECRET-7f3a";

    @TempDir
    static Path base;
    static Server confined;
    static Server following;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Path root = Files.createDirectories(base.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("public.txt"), "public");
        Files.writeString(root.resolve(".hidden"), SECRET);
        Files.createSymbolicLink(root.resolve("link-out"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), base);
        Files.createSymbolicLink(root.resolve("relative-out"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("inside-link"), root.resolve("public.txt"));
        Files.createSymbolicLink(root.resolve("sub/deeper-out"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("sub-link"), root.resolve("sub"));
        Path indexOut = Files.createDirectories(root.resolve("index-out"));
        Files.createSymbolicLink(indexOut.resolve("index.html"), base.resolve("secret.txt"));
        Files.writeString(base.resolve("secret.txt.gz"), SECRET);
        Files.writeString(root.resolve("page.txt"), "page ".repeat(400));
        Files.createSymbolicLink(root.resolve("page.txt.gz"), base.resolve("secret.txt.gz"));
        confined = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root));
        following = Server.start(ServerConfig.builder().port(0).build(),
                new StaticFiles(root, StaticFilesConfig.defaults().withFollowLinks(true)));
    }

    @AfterAll
    static void stop() {
        confined.close();
        following.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/sub%2f..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/sub\\..\\..\\secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/%252e%252e/secret.txt",
        "/secret.txt%00",
        "/public.txt%00.html",
        "/%00",
        "//secret.txt",
        "/%2F" + "secret.txt",
        "/%2fetc%2fpasswd",
        "/./secret.txt",
        "/link-out",
        "/relative-out",
        "/dir-out/secret.txt",
        "/dir-out/",
        "/.hidden",
        "/%2ehidden",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/sub/deeper-out",
        "/sub-link/deeper-out",
        "/index-out/index.html",
        "/%",
        "/%zz",
        "/%e2%82",
    })
    void refused(String path) throws IOException {
        RawClient.Reply reply = RawClient.get(confined.port(), path);
        assertTrue(reply.status() == 400 || reply.status() == 404, path + " gave " + reply.statusLine());
        assertFalse(reply.text().contains(SECRET), "secret leaked for " + path);
    }

    @Test
    void absoluteFormTargetsAreConfinedToo() throws IOException {
        RawClient.Reply reply = RawClient.get(confined.port(), "http://localhost/%2e%2e/secret.txt");
        assertTrue(reply.status() == 400 || reply.status() == 404, reply.statusLine());
        assertFalse(reply.text().contains(SECRET));
    }

    @Test
    void theListingDoesNotShowLinksThatLeadOut() throws IOException {
        String listing = RawClient.get(confined.port(), "/").text();
        assertTrue(listing.contains("public.txt"), listing);
        assertTrue(listing.contains("inside-link"), listing);
        assertFalse(listing.contains("link-out"), listing);
        assertFalse(listing.contains("dir-out"), listing);
        assertFalse(listing.contains(".hidden"), listing);
    }

    @Test
    void indexFilesAndSidecarsThatLinkOutAreNotUsed() throws IOException {
        RawClient.Reply listing = RawClient.get(confined.port(), "/index-out/");
        assertEquals(200, listing.status());
        assertTrue(listing.text().contains("Index of /index-out/"), listing.text());
        assertFalse(listing.text().contains(SECRET));
        RawClient.Reply page = RawClient.get(confined.port(), "/page.txt", "Accept-Encoding: gzip");
        assertEquals(200, page.status());
        assertFalse(new String(page.body(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(SECRET));
    }

    @Test
    void linksThatStayInsideTheRootWork() throws IOException {
        RawClient.Reply reply = RawClient.get(confined.port(), "/inside-link");
        assertEquals(200, reply.status());
        assertEquals("public", reply.text());
    }

    /** Proves the refusals above are the confinement at work: with --follow-links the same links serve. */
    @Test
    void followLinksServesLinksThatLeadOut() throws IOException {
        assertEquals(SECRET, RawClient.get(following.port(), "/link-out").text());
        assertEquals(SECRET, RawClient.get(following.port(), "/dir-out/secret.txt").text());
        // ... but never a dot segment or an encoded slash
        assertEquals(400, RawClient.get(following.port(), "/%2e%2e/secret.txt").status());
        assertEquals(400, RawClient.get(following.port(), "/..%2fsecret.txt").status());
    }
}
