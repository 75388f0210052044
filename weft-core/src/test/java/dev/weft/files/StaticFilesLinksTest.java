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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Links inside the root that lead to hidden names, listings that only link to what can be
 * fetched, and a root that is itself a link a deploy flips.
 */
class StaticFilesLinksTest {

    private static final String SECRET = "DOTENV-SECRET-4d1e";

    @TempDir
    Path base;

    @ParameterizedTest(name = "followLinks={0}")
    @ValueSource(booleans = {false, true})
    void aVisibleLinkToAHiddenNameIsNotServedOrListed(boolean followLinks) throws IOException {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve(".env"), SECRET);
        Path git = Files.createDirectories(root.resolve(".git"));
        Files.writeString(git.resolve("config"), SECRET);
        Files.writeString(root.resolve("ok.txt"), "ok");
        Files.createSymbolicLink(root.resolve("env.txt"), Path.of(".env"));
        Files.createSymbolicLink(root.resolve("env-absolute.txt"), root.resolve(".env"));
        Files.createSymbolicLink(root.resolve("repo"), Path.of(".git"));
        Files.createSymbolicLink(root.resolve("ok-link.txt"), Path.of("ok.txt"));
        StaticFilesConfig config = StaticFilesConfig.defaults().withFollowLinks(followLinks);
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root, config))) {
            int port = server.port();
            for (String path : List.of("/env.txt", "/env-absolute.txt", "/repo/config", "/repo/")) {
                RawClient.Reply reply = RawClient.get(port, path);
                assertEquals(404, reply.status(), path);
                assertFalse(reply.text().contains(SECRET), path);
            }
            assertEquals("ok", RawClient.get(port, "/ok-link.txt").text(), "a link to a visible name still works");
            String listing = RawClient.get(port, "/").text();
            assertTrue(listing.contains("ok-link.txt"), listing);
            for (String name : List.of("env.txt", "env-absolute.txt", "repo")) {
                assertFalse(listing.contains(name), name + " is listed:\n" + listing);
            }
        }
    }

    @Test
    void aListingLinksOnlyToWhatCanBeFetched() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve("plain.txt"), "plain");
        Files.writeString(root.resolve("with space & ü.txt"), "fine");
        for (String name : List.of("back\\slash.txt", "new\nline.txt", "tab\tbed.txt", "bell\u0007.txt")) {
            Files.writeString(root.resolve(name), "x");
        }
        // A name whose bytes are not UTF-8 cannot be made from a Java string: ask the shell.
        Process touch = new ProcessBuilder("sh", "-c", "touch \"$(printf 'latin1-\\351.txt')\"")
                .directory(root.toFile()).start();
        assertEquals(0, touch.waitFor());
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root))) {
            int port = server.port();
            String listing = RawClient.get(port, "/").text();
            List<String> hrefs = new ArrayList<>();
            Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(listing);
            while (m.find()) {
                hrefs.add(m.group(1));
            }
            assertEquals(2, hrefs.size(), "only the two fetchable files are listed: " + hrefs);
            for (String href : hrefs) {
                assertEquals(200, RawClient.get(port, "/" + href).status(), href);
            }
        }
    }

    @ParameterizedTest(name = "workers={0}")
    @ValueSource(ints = {0, 2})
    void aRootThatIsALinkIsFollowedWhenADeployFlipsIt(int workers) throws IOException {
        Path one = Files.createDirectories(base.resolve("release1"));
        Path two = Files.createDirectories(base.resolve("release2"));
        Files.writeString(one.resolve("index.html"), "release one");
        Files.writeString(one.resolve("only-in-one.txt"), "one");
        Files.writeString(two.resolve("index.html"), "release two");
        Path current = base.resolve("current");
        Files.createSymbolicLink(current, Path.of("release1"));
        ServerConfig.Builder config = ServerConfig.builder().port(0);
        if (workers > 0) {
            config.workers(workers);
        }
        StaticFiles files = new StaticFiles(current);
        try (Server server = Server.start(config.build(), files)) {
            int port = server.port();
            assertEquals("release one", RawClient.get(port, "/").text());
            assertEquals(one.toRealPath(), files.root());

            // ln -sfn release2 current: a new link renamed over the old one.
            Path next = base.resolve("current.next");
            Files.createSymbolicLink(next, Path.of("release2"));
            Files.move(next, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            assertEquals("release two", RawClient.get(port, "/").text());
            assertEquals(404, RawClient.get(port, "/only-in-one.txt").status());
            assertEquals(two.toRealPath(), files.root());

            // The old release removed: nothing refers to it any more.
            Files.delete(one.resolve("index.html"));
            Files.delete(one.resolve("only-in-one.txt"));
            Files.delete(one);
            assertEquals("release two", RawClient.get(port, "/").text());
        }
    }
}
