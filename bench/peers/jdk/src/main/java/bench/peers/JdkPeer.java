package bench.peers;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The JDK's own {@code com.sun.net.httpserver}, default backlog and settings.
 * {@code JdkPeer PORT [vt|fixed4]}: a virtual thread per exchange (default), or 4 platform threads.
 */
public final class JdkPeer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean fixed = args.length > 1 && args[1].equals("fixed4");
        byte[] hello = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!exchange.getRequestURI().getPath().equals("/")) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, hello.length);
                exchange.getResponseBody().write(hello);
            }
        });
        server.setExecutor(fixed ? Executors.newFixedThreadPool(4) : Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        System.out.println("jdk " + (fixed ? "fixed4" : "vt") + " on 127.0.0.1:" + port);
    }
}
