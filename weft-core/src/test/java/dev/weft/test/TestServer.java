package dev.weft.test;

import dev.weft.http.Handler;
import dev.weft.server.Server;
import dev.weft.server.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A real server on a free loopback port, with a JDK HttpClient and a raw-socket client. */
public final class TestServer implements AutoCloseable {

    /**
     * A configuration builder for a parameterized test's mode: {@code workers} fixed workers,
     * or virtual threads when it is 0.
     */
    public static ServerConfig.Builder config(int workers) {
        return workers > 0 ? ServerConfig.builder().workers(workers) : ServerConfig.builder().virtualThreads();
    }


    private final Server server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private TestServer(Server server) {
        this.server = server;
    }

    /** Starts {@code handler} on a free port. */
    public static TestServer start(Handler handler) throws IOException {
        return new TestServer(Server.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ofSeconds(2)).build(), handler));
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** GET {@code pathAndQuery} with the given header name/value pairs. */
    public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathAndQuery).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** {@code method} on {@code pathAndQuery} with a string body and header pairs. */
    public HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(pathAndQuery).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /**
     * Sends {@code rawRequest} bytes as they are on a new connection and returns everything
     * the server sends until it closes the connection (include {@code Connection: close}).
     */
    public String raw(String rawRequest) throws IOException {
        try (RawClient client = new RawClient(server.port(), Duration.ofSeconds(20))) {
            return new String(client.send(rawRequest).readAll(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Opens a socket to the server, for tests that read the response step by step. */
    public Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(20_000);
        return socket;
    }

    @Override
    public void close() {
        server.close();
    }
}
