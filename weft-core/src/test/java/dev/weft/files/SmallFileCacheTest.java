package dev.weft.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import dev.weft.test.RawClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small-file contents cache: kept only while the file is unchanged, and only once settled. */
class SmallFileCacheTest {

    @TempDir
    Path root;

    private static final long HOUR_AGO_NANOS = (System.currentTimeMillis() - 3_600_000L) * 1_000_000L;

    private static FileMetadata meta(long size, long modifiedNanos) {
        return new FileMetadata(size, modifiedNanos, "\"t\"", "date", "text/plain", true, null, null);
    }

    @Test
    void keepsASettledFileForTheSameMetadataOnly() {
        SmallFileCache cache = new SmallFileCache();
        String file = "/a.txt";
        FileMetadata meta = meta(3, HOUR_AGO_NANOS);
        byte[] bytes = {1, 2, 3};
        cache.put(file, meta, bytes);
        assertSame(bytes, cache.get(file, meta));
        assertNull(cache.get(file, meta(3, HOUR_AGO_NANOS)), "a new metadata instance means the file changed");
        assertNull(cache.get("/b.txt", meta));
    }

    @Test
    void doesNotKeepAFileModifiedJustNow() {
        SmallFileCache cache = new SmallFileCache();
        FileMetadata meta = meta(3, System.currentTimeMillis() * 1_000_000L);
        cache.put("/a.txt", meta, new byte[3]);
        assertNull(cache.get("/a.txt", meta));
    }

    @Test
    void startsOverWhenTheBudgetIsSpent() {
        SmallFileCache cache = new SmallFileCache();
        int size = 4096;
        int fits = (int) (SmallFileCache.BUDGET_BYTES / size);
        FileMetadata[] metas = new FileMetadata[fits + 1];
        for (int i = 0; i <= fits; i++) {
            metas[i] = meta(size, HOUR_AGO_NANOS);
            cache.put("/f" + i, metas[i], new byte[size]);
        }
        assertNull(cache.get("/f0", metas[0]), "the first entry went when the budget ran out");
        assertEquals(size, cache.get("/f" + fits, metas[fits]).length);
    }

    @Test
    void aSettledFileChangedOnDiskIsServedFresh() throws IOException {
        Path file = root.resolve("settled.txt");
        Instant old = Instant.now().minusSeconds(3600);
        Files.writeString(file, "one");
        Files.setLastModifiedTime(file, FileTime.from(old));
        try (Server server = Server.start(ServerConfig.builder().port(0).build(), new StaticFiles(root))) {
            int port = server.port();
            assertEquals("one", RawClient.get(port, "/settled.txt").text());
            assertEquals("one", RawClient.get(port, "/settled.txt").text()); // from the cache now

            // Rewritten in place, same size, with another old time: a new time means fresh.
            Files.writeString(file, "two");
            Files.setLastModifiedTime(file, FileTime.from(old.minusSeconds(60)));
            assertEquals("two", RawClient.get(port, "/settled.txt").text());

            // Replaced by a new file (another inode) with the same size and the same time.
            Path next = root.resolve("next.tmp");
            Files.writeString(next, "six");
            Files.setLastModifiedTime(next, FileTime.from(old.minusSeconds(60)));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals("six", RawClient.get(port, "/settled.txt").text());

            Files.writeString(file, "longer now");
            assertArrayEquals("longer now".getBytes(StandardCharsets.US_ASCII),
                    RawClient.get(port, "/settled.txt").text().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
