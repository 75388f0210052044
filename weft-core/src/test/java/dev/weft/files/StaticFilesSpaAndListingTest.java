package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** The single-page fallback and listings turned off, on the wire. */
class StaticFilesSpaAndListingTest {

    static final String APP = "<!doctype html><title>app</title><div id=app></div>";

    @TempDir
    static Path root;
    @TempDir
    static Path bare;
    @TempDir
    static Path outside;
    static Server spa;
    static Server spaCached;
    static Server noListing;

    @BeforeAll
    static void start() throws IOException {
        Files.writeString(root.resolve("index.html"), APP);
        Files.createDirectories(root.resolve("assets"));
        Files.writeString(root.resolve("assets/app.js"), "console.log('app')");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.txt"), "a");
        Files.writeString(root.resolve(".env"), "SECRET=1");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), root.resolve("gone"));
        spa = Server.start(ServerConfig.builder().port(0).build(),
                new StaticFiles(root, StaticFilesConfig.defaults().withSpaFallback(true)));
        spaCached = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root,
                StaticFilesConfig.defaults().withSpaFallback(true).withCacheControl("max-age=60")));

        Files.createDirectories(bare.resolve("docs"));
        Files.writeString(bare.resolve("docs/a.txt"), "a");
        Files.createDirectories(bare.resolve("site"));
        Files.writeString(bare.resolve("site/index.html"), "<h1>site</h1>");
        noListing = Server.start(ServerConfig.builder().port(0).build(),
                new StaticFiles(bare, StaticFilesConfig.defaults().withListing(false).withSpaFallback(true)));
    }

    @AfterAll
    static void stop() {
        spa.close();
        spaCached.close();
        noListing.close();
    }

    // --- the fallback -------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"/users/42", "/users/42/", "/settings", "/a/b/c?tab=1", "/docs/missing", "/dangling"})
    void aRouteThatNamesNothingGetsTheAppWithItsOwnValidators(String path) throws IOException {
        RawClient.Reply index = RawClient.get(spa.port(), "/index.html");
        RawClient.Reply r = RawClient.get(spa.port(), path);
        assertEquals(200, r.status(), path);
        assertEquals(APP, r.text());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals(index.header("ETag"), r.header("ETag"));
        assertEquals(index.header("Last-Modified"), r.header("Last-Modified"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertNull(index.header("Cache-Control"), "the file itself keeps the configured (no) Cache-Control");
    }

    @Test
    void headAndConditionalRequestsWorkOnTheFallback() throws IOException {
        RawClient.Reply head = RawClient.request(spa.port(), "HEAD", "/users/42");
        assertEquals(200, head.status());
        assertEquals(String.valueOf(APP.length()), head.header("Content-Length"));
        assertEquals(0, head.body().length);
        String etag = head.header("ETag");
        RawClient.Reply notModified = RawClient.get(spa.port(), "/users/7", "If-None-Match: " + etag);
        assertEquals(304, notModified.status());
        assertEquals("no-cache", notModified.header("Cache-Control"));
    }

    @Test
    void theFallbackIsNoCacheEvenWhenFilesHaveAMaxAge() throws IOException {
        assertEquals("max-age=60", RawClient.get(spaCached.port(), "/index.html").header("Cache-Control"));
        RawClient.Reply r = RawClient.get(spaCached.port(), "/users/42");
        assertEquals(200, r.status());
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals(1, r.count("Cache-Control"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/missing.js", "/favicon.ico", "/users/john.doe", "/users/john%2Edoe",
        "/users/john%2edoe"})
    void aMissingFileWithAnExtensionStaysA404(String path) throws IOException {
        assertEquals(404, RawClient.get(spa.port(), path).status(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.env", "/.git/HEAD", "/.git", "/out/anything", "/out/x/y", "/assets/app.js/more"})
    void whatWasRefusedNeverFallsBack(String path) throws IOException {
        RawClient.Reply r = RawClient.get(spa.port(), path);
        assertEquals(404, r.status(), path);
        assertFalse(r.text().contains("app"), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a//b", "/a/../b", "/a/%2e%2e/b", "/a%5Cb", "/a%00b", "/%ff"})
    void malformedPathsStayA400(String path) throws IOException {
        assertEquals(400, RawClient.get(spa.port(), path).status(), path);
    }

    @Test
    void realFilesAndFoldersAreServedAsBefore() throws IOException {
        assertEquals("console.log('app')", RawClient.get(spa.port(), "/assets/app.js").text());
        assertEquals(301, RawClient.get(spa.port(), "/docs").status());
        RawClient.Reply listing = RawClient.get(spa.port(), "/docs/");
        assertEquals(200, listing.status());
        assertTrue(listing.text().contains("a.txt"));
    }

    @Test
    void otherMethodsGet405NotTheApp() throws IOException {
        RawClient.Reply r = RawClient.request(spa.port(), "POST", "/users/42", "Content-Length: 0");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
    }

    @Test
    void withoutARootIndexTheFallbackIsA404() throws IOException {
        assertEquals(404, RawClient.get(noListing.port(), "/users/42").status());
    }

    // --- listings off -------------------------------------------------------------------

    @Test
    void aFolderWithoutIndexIsA404WithOrWithoutTheSlash() throws IOException {
        RawClient.Reply slash = RawClient.get(noListing.port(), "/docs/");
        RawClient.Reply bareName = RawClient.get(noListing.port(), "/docs");
        RawClient.Reply missing = RawClient.get(noListing.port(), "/nothing/");
        assertEquals(404, slash.status());
        assertEquals(404, bareName.status());
        assertNull(bareName.header("Location"), "a redirect would tell that the folder exists");
        assertEquals(missing.text(), slash.text(), "the same answer as for a folder that does not exist");
        assertEquals(404, RawClient.get(noListing.port(), "/").status());
    }

    @Test
    void filesAndFoldersWithAnIndexStillWork() throws IOException {
        assertEquals("a", RawClient.get(noListing.port(), "/docs/a.txt").text());
        assertEquals(301, RawClient.get(noListing.port(), "/site").status());
        assertEquals("<h1>site</h1>", RawClient.get(noListing.port(), "/site/").text());
    }

    @Test
    void theOldConstructorKeepsListingsOnAndNoFallback() {
        StaticFilesConfig old = new StaticFilesConfig(false, false, null, true);
        assertEquals(StaticFilesConfig.defaults(), old);
        assertTrue(old.listing());
        assertFalse(old.spaFallback());
    }

    @Test
    void routesAreRecognizedByTheirLastSegment() {
        assertTrue(StaticFiles.isRoute("/users/42"));
        assertTrue(StaticFiles.isRoute("/"));
        assertTrue(StaticFiles.isRoute("/v1.2/users"));
        assertFalse(StaticFiles.isRoute("/app.js"));
        assertFalse(StaticFiles.isRoute("/a/b%2Ec"));
    }
}
