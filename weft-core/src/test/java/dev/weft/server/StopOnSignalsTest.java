package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.http.Response;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Server#stopOnSignals()}: a JVM shutdown hook that drains the server. */
class StopOnSignalsTest {

    private static Server start() throws Exception {
        return Server.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(5)).build(),
                r -> Response.text("hi"));
    }

    @Test
    void registersOneHookThatTheReturnedActionRemoves() throws Exception {
        try (Server server = start()) {
            Runnable remove = server.stopOnSignals();
            Thread hook = server.shutdownHook();
            assertNotNull(hook);
            assertSame(hook, server.shutdownHook());
            server.stopOnSignals(); // again: still the one hook
            assertSame(hook, server.shutdownHook());
            remove.run();
            assertNull(server.shutdownHook());
            assertFalse(Runtime.getRuntime().removeShutdownHook(hook), "the hook was already removed");
            remove.run(); // harmless twice
        }
    }

    @Test
    void shuttingDownOtherwiseRemovesTheHook() throws Exception {
        Server server = start();
        server.stopOnSignals();
        Thread hook = server.shutdownHook();
        server.shutdown(Duration.ofSeconds(2));
        assertNull(server.shutdownHook());
        assertFalse(Runtime.getRuntime().removeShutdownHook(hook));
        assertThrows(IllegalStateException.class, server::stopOnSignals);
    }

    @Test
    void theHookDrainsRequestsInFlight() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        Server server = Server.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(5)).build(), r -> {
            inFlight.countDown();
            Thread.sleep(300);
            return Response.text("finished");
        });
        server.stopOnSignals();
        Thread hook = server.shutdownHook();
        assertTrue(Runtime.getRuntime().removeShutdownHook(hook), "registered with the JVM");
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(inFlight.await(10, TimeUnit.SECONDS));
        hook.start(); // what the JVM does on SIGINT/SIGTERM
        hook.join(10_000);
        assertFalse(hook.isAlive());
        assertEquals("finished", response.get(10, TimeUnit.SECONDS).body());
        server.awaitShutdown();
        assertEquals(1, server.shutdown(Duration.ZERO).inFlight());
    }

    /** The whole story in a child JVM: SIGTERM drains the request in flight, then the JVM exits. */
    @Test
    void sigtermDrainsAChildJvm() throws Exception {
        if (File.separatorChar != '/') {
            return; // Process.destroy() is SIGTERM on Unix only
        }
        Path classes = Path.of("target", "classes");
        Path testClasses = Path.of("target", "test-classes");
        if (!Files.isDirectory(classes) || !Files.isDirectory(testClasses)) {
            return;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + testClasses,
                SignalChild.class.getName()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertNotNull(first);
            assertTrue(first.startsWith("port "), first);
            int port = Integer.parseInt(first.substring(5));
            CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("in flight", out.readLine());
            child.toHandle().destroy(); // SIGTERM, leaving our ends of its pipes open
            assertEquals("finished", response.get(20, TimeUnit.SECONDS).body());
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            String rest = out.readLine();
            assertEquals("stopped", rest);
        } finally {
            child.destroyForcibly();
        }
    }

    /** The child JVM: serves one slow request, stops on signals. */
    public static final class SignalChild {
        public static void main(String[] args) throws Exception {
            Server server = Server.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(10)).build(), r -> {
                System.out.println("in flight");
                System.out.flush();
                Thread.sleep(1000);
                return Response.text("finished");
            });
            server.stopOnSignals();
            System.out.println("port " + server.port());
            System.out.flush();
            server.awaitShutdown();
            System.out.println("stopped");
            System.out.flush();
        }
    }
}
