package dev.weft.files;

import static dev.weft.test.ResponseHeads.readHead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import dev.weft.test.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file far larger than the socket buffers, read slowly: the zero-copy transfer meets a full
 * send buffer again and again and must wait for it to drain, then go on from the right byte.
 * The client compares a digest of every byte it got; a second request on the same connection
 * shows the connection is still in step afterwards.
 */
class SlowReaderTransferTest {

    private static final int SIZE = 24 << 20;

    @TempDir
    Path root;

    @ParameterizedTest(name = "workers={0} (0 = virtual threads)")
    @ValueSource(ints = {0, 2})
    void aSlowClientGetsEveryByteInOrder(int workers) throws Exception {
        byte[] content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Files.write(root.resolve("big.bin"), content);
        Files.writeString(root.resolve("after.txt"), "still in step");
        try (Server server = Server.start(TestServer.config(workers).port(0).build(), new StaticFiles(root));
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setReceiveBufferSize(64 << 10);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /after.txt HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertTrue(head.contains("Content-Length: " + SIZE + "\r\n"), head);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[16 << 10];
            long left = SIZE;
            int reads = 0;
            while (left > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
                assertTrue(n > 0, "connection ended with " + left + " bytes to go");
                digest.update(chunk, 0, n);
                left -= n;
                if (++reads % 64 == 0) {
                    Thread.sleep(5); // slower than the server: its send buffer fills
                }
            }
            assertArrayEquals(sha256(content), digest.digest());

            String second = readHead(in);
            assertTrue(second.startsWith("HTTP/1.1 200 "), second);
            assertEquals("still in step", new String(in.readNBytes(13), StandardCharsets.US_ASCII));
        }
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
