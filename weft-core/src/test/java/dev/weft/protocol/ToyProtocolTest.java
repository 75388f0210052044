package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A second protocol next to HTTP/1.1, through the SPI alone ({@link ToyProtocol}): recognised
 * by its first bytes on the same port, and reached from HTTP/1.1 with
 * {@code 101 Switching Protocols}, with the bytes the client sent right after the upgrade
 * request passed along. Every case runs with virtual threads and with fixed workers.
 */
class ToyProtocolTest {

    @Nested
    class VirtualThreads extends Cases {
        @Override
        ServerConfig.Builder mode() {
            return ServerConfig.builder();
        }
    }

    @Nested
    class FixedWorkers extends Cases {
        @Override
        ServerConfig.Builder mode() {
            return ServerConfig.builder().workers(4);
        }
    }

    abstract static class Cases {
        private final ToyProtocol toy = new ToyProtocol();
        private Server server;

        abstract ServerConfig.Builder mode();

        private Server start(ServerConfig.Builder config) throws IOException {
            server = Server.start(config.port(0).shutdownTimeout(Duration.ofSeconds(2)).build(), request -> {
                if (request.path().equals("/toy")) {
                    String upgrade = request.header("Upgrade");
                    if (upgrade != null && upgrade.equalsIgnoreCase("toy")) {
                        return Response.switchProtocols("toy", toy);
                    }
                    return Response.error(426, "upgrade to toy\n").header("Upgrade", "toy");
                }
                return Response.text("hello over " + request.scheme());
            });
            return server;
        }

        @AfterEach
        void stop() {
            if (server != null) {
                server.shutdown(Duration.ofSeconds(2));
            }
        }

        private Socket connect() throws IOException {
            Socket socket = new Socket("127.0.0.1", server.port());
            socket.setSoTimeout(10_000);
            return socket;
        }

        private static String readExactly(InputStream in, int n) throws IOException {
            byte[] b = in.readNBytes(n);
            return new String(b, StandardCharsets.US_ASCII);
        }

        /** Reads up to and including the blank line that ends a response head. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        private static void send(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Test
        void bothProtocolsAreServedOnOnePort() throws Exception {
            start(mode().protocol(toy));
            try (Socket toyClient = connect(); Socket httpClient = connect()) {
                send(toyClient.getOutputStream(), "PING\nPING\n");
                assertEquals("PONG\nPONG\n", readExactly(toyClient.getInputStream(), 10));

                send(httpClient.getOutputStream(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                String head = readHead(httpClient.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200 "), head);
                assertEquals("hello over http", readExactly(httpClient.getInputStream(), 15));

                // Later lines, after the toy connection has let its thread go; one split in two.
                Thread.sleep(150);
                send(toyClient.getOutputStream(), "PI");
                Thread.sleep(100);
                send(toyClient.getOutputStream(), "NG\nHELLO\n");
                assertEquals("PONG\nWHAT\n", readExactly(toyClient.getInputStream(), 10));

                send(httpClient.getOutputStream(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertTrue(readHead(httpClient.getInputStream()).startsWith("HTTP/1.1 200 "));
            }
        }

        @Test
        void firstBytesThatArriveSplitStillPickTheProtocol() throws Exception {
            start(mode().protocol(toy));
            try (Socket toyClient = connect(); Socket httpClient = connect()) {
                send(toyClient.getOutputStream(), "PI");
                send(httpClient.getOutputStream(), "GE");
                Thread.sleep(100);
                send(toyClient.getOutputStream(), "NG\n");
                send(httpClient.getOutputStream(), "T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals("PONG\n", readExactly(toyClient.getInputStream(), 5));
                assertTrue(readHead(httpClient.getInputStream()).startsWith("HTTP/1.1 200 "));
            }
        }

        @Test
        void anHttpConnectionIsUpgradedToTheToyProtocolWith101() throws Exception {
            start(mode()); // the toy protocol is not registered: reached by upgrade only
            try (Socket client = connect()) {
                // The first PING is pipelined right behind the upgrade request: bytes the
                // HTTP/1.1 connection has read already, passed along with the connection.
                send(client.getOutputStream(),
                        "GET /toy HTTP/1.1\r\nHost: x\r\nUpgrade: toy\r\nConnection: Upgrade\r\n\r\nPING\n");
                String head = readHead(client.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 101 Switching Protocols\r\n"), head);
                assertTrue(head.contains("\r\nUpgrade: toy\r\n"), head);
                assertTrue(head.contains("\r\nConnection: Upgrade\r\n"), head);
                assertTrue(!head.toLowerCase().contains("content-length"), head);
                assertEquals("PONG\n", readExactly(client.getInputStream(), 5));

                Thread.sleep(150); // the toy connection waits without a thread meanwhile
                send(client.getOutputStream(), "PING\nPING\n");
                assertEquals("PONG\nPONG\n", readExactly(client.getInputStream(), 10));
                assertEquals(1, server.openConnections());
            }
        }

        @Test
        void withoutTheUpgradeFieldItStaysHttp() throws Exception {
            start(mode());
            try (Socket client = connect()) {
                send(client.getOutputStream(), "GET /toy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertTrue(readHead(client.getInputStream()).startsWith("HTTP/1.1 426 "));
            }
        }
    }
}
